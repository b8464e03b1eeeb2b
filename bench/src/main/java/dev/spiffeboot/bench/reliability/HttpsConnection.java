package dev.spiffeboot.bench.reliability;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One client's keep-alive HTTPS/1.1 connection to a port on 127.0.0.1: one GET at a time, the answer's status. The
 * connection (and its TLS handshake) is opened by the first request and again after the server or an error closed
 * it. Not thread-safe: one per client thread.
 */
final class HttpsConnection implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 15_000;

    private final SSLSocketFactory factory;

    private final int port;

    private SSLSocket socket;

    private InputStream in;

    private OutputStream out;

    HttpsConnection(SSLSocketFactory factory, int port) {
        this.factory = factory;
        this.port = port;
    }

    /**
     * Sends a GET and reads the answer.
     *
     * @param authorization the {@code Authorization} header's value, or {@code null}
     * @return the status code
     * @throws IOException if the connection, its handshake or the exchange fails (the connection is then closed)
     */
    int get(String path, String authorization) throws IOException {
        try {
            if (this.socket == null) {
                open();
            }
            this.out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + ((authorization != null) ? "Authorization: " + authorization + "\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            this.out.flush();
            return readResponse();
        }
        catch (IOException | RuntimeException ex) {
            close();
            throw (ex instanceof IOException) ? (IOException) ex : new IOException(ex);
        }
    }

    private void open() throws IOException {
        SSLSocket opened = (SSLSocket) this.factory.createSocket();
        try {
            opened.setTcpNoDelay(true);
            opened.setSoTimeout(TIMEOUT_MILLIS);
            opened.connect(new InetSocketAddress("127.0.0.1", this.port), TIMEOUT_MILLIS);
            opened.startHandshake();
            this.in = new BufferedInputStream(opened.getInputStream());
            this.out = opened.getOutputStream();
            this.socket = opened;
        }
        catch (IOException ex) {
            opened.close();
            throw ex;
        }
    }

    /** Reads one response, body included, and closes the connection when the server asks to. */
    private int readResponse() throws IOException {
        String statusLine = line();
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = 0;
        boolean chunked = false;
        boolean closes = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            }
            else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
            else if (lower.startsWith("connection:") && lower.contains("close")) {
                closes = true;
            }
        }
        if (chunked) {
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                skip(size + 2);
            }
            line();
        }
        else {
            skip(length);
        }
        if (closes) {
            close();
        }
        return status;
    }

    private void skip(long bytes) throws IOException {
        if (this.in.readNBytes((int) bytes).length < bytes) {
            throw new IOException("connection closed in a response body");
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = this.in.read(); c != '\n'; c = this.in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (this.socket != null) {
            try {
                this.socket.close();
            }
            catch (IOException ex) {
                // closing is all that is left to do with this connection
            }
            this.socket = null;
        }
    }
}
