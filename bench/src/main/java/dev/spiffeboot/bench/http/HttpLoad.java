package dev.spiffeboot.bench.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP/1.1 load generator for 127.0.0.1: a fixed number of connections, each sending its next request
 * when the previous answer is read, for a fixed time. Connections are kept alive, or opened anew for every request
 * ({@code Connection: close}). Answers other than 200 are counted as failures.
 */
public final class HttpLoad {

    /** Socket timeouts, for connecting and reading. */
    public static final int TIMEOUT_MILLIS = 10_000;

    private HttpLoad() {
    }

    /** What one run did. */
    public record Result(long requests, long failures, double seconds) {

        public double perSecond() {
            return this.requests / this.seconds;
        }
    }

    /** Opens a connection to the server under test, ready for the first request (TLS handshake done). */
    @FunctionalInterface
    public interface Connector {

        Socket connect() throws IOException;
    }

    /** Keep-alive connections in plain HTTP to the port, each request with the authorization header if not {@code null}. */
    public static Result run(int port, String path, String authorization, int connections, Duration duration)
            throws InterruptedException {
        return run(() -> plain(port), request(path, authorization, true), connections, duration);
    }

    /** Connections from the connector, kept alive or one per request. */
    public static Result run(Connector connector, String path, boolean keepAlive, int connections, Duration duration)
            throws InterruptedException {
        return run(connector, request(path, null, keepAlive), connections, duration);
    }

    private static byte[] request(String path, String authorization, boolean keepAlive) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + ((authorization != null) ? "Authorization: " + authorization + "\r\n" : "")
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Result run(Connector connector, byte[] request, int connections, Duration duration) throws InterruptedException {
        AtomicLong requests = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(() -> drive(connector, request, deadline, requests, failures), "load-" + i);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(requests.get(), failures.get(), (System.nanoTime() - start) / 1e9);
    }

    private static void drive(Connector connector, byte[] request, long deadline, AtomicLong requests, AtomicLong failures) {
        Socket socket = null;
        InputStream in = null;
        try {
            while (System.nanoTime() < deadline) {
                if (socket == null) {
                    socket = connector.connect();
                    in = new BufferedInputStream(socket.getInputStream());
                }
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                Response response = Response.read(in);
                requests.incrementAndGet();
                if (response.status() != 200) {
                    failures.incrementAndGet();
                }
                if (response.closes()) {
                    socket.close();
                    socket = null;
                }
            }
        }
        catch (IOException ex) {
            failures.incrementAndGet();
        }
        finally {
            closeQuietly(socket);
        }
    }

    /** A plain TCP connection to the port on 127.0.0.1, without Nagle's delay. */
    public static Socket plain(int port) throws IOException {
        Socket socket = new Socket();
        return connect(socket, port);
    }

    /** Connects the (plain or TLS) socket to the port on 127.0.0.1, without Nagle's delay and with timeouts. */
    public static Socket connect(Socket socket, int port) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        return socket;
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            }
            catch (IOException ex) {
                // the run is over; a failed close changes no figure
            }
        }
    }

    /** The parts of an HTTP response the load generator needs. */
    private record Response(int status, boolean closes) {

        static Response read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = 0;
            boolean chunked = false;
            boolean closes = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                }
                else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
                else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closes = true;
                }
            }
            if (chunked) {
                for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                    in.readNBytes(size + 2);
                }
                line(in);
            }
            else {
                in.readNBytes(length);
            }
            return new Response(status, closes);
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
