package dev.spiffeboot.bench.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A closed-loop HTTP/1.1 load generator for 127.0.0.1: a fixed number of connections, each sending its next request
 * when the previous answer is read, for a fixed time. Connections are kept alive, or opened anew for every request
 * ({@code Connection: close}). Answers other than 200 are counted as failures. Each run also reads the CPU time of its
 * load threads and of the whole JVM.
 */
public final class HttpLoad {

    /** Socket timeouts, for connecting and reading. */
    public static final int TIMEOUT_MILLIS = 10_000;

    private HttpLoad() {
    }

    /**
     * What one run did.
     *
     * @param requests the answers read
     * @param failures answers other than 200, and connections that broke
     * @param firstFailure what the first failure was (status line and challenge, or the I/O error), or {@code null}
     * @param seconds how long the run took
     * @param loadCpuNanos the CPU time of the load threads (building, sending and reading requests)
     * @param processCpuNanos the CPU time of this whole JVM over the run: with the server in this JVM, its share is
     * this less {@code loadCpuNanos}
     */
    public record Result(long requests, long failures, String firstFailure, double seconds, long loadCpuNanos, long processCpuNanos) {

        public double perSecond() {
            return this.requests / this.seconds;
        }

        /** The load threads' CPU time per request, in microseconds. */
        public double loadCpuMicrosPerRequest() {
            return this.loadCpuNanos / 1e3 / this.requests;
        }

        /** The CPU time per request of the rest of this JVM (the server, when it runs here), in microseconds. */
        public double otherCpuMicrosPerRequest() {
            return (this.processCpuNanos - this.loadCpuNanos) / 1e3 / this.requests;
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
        byte[] request = request(path, authorization, true);
        return run(() -> plain(port), () -> request, connections, duration);
    }

    /** Connections from the connector, kept alive or one per request. */
    public static Result run(Connector connector, String path, boolean keepAlive, int connections, Duration duration)
            throws InterruptedException {
        byte[] request = request(path, null, keepAlive);
        return run(connector, () -> request, connections, duration);
    }

    /**
     * Keep-alive connections from the connector, each request built anew with the authorization header the supplier
     * gives for it ({@code null} for none), in the load thread that sends it: what the supplier costs (minting a
     * token, say) is part of the request's time and of the load threads' CPU time.
     */
    public static Result run(Connector connector, String path, Supplier<String> authorization, int connections, Duration duration)
            throws InterruptedException {
        return run(connector, () -> request(path, authorization.get(), true), connections, duration);
    }

    private static byte[] request(String path, String authorization, boolean keepAlive) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + ((authorization != null) ? "Authorization: " + authorization + "\r\n" : "")
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What the load threads add up. */
    private static final class Tally {

        final AtomicLong requests = new AtomicLong();

        final AtomicLong failures = new AtomicLong();

        final AtomicReference<String> firstFailure = new AtomicReference<>();

        final AtomicLong cpuNanos = new AtomicLong();

        void failed(String what) {
            this.failures.incrementAndGet();
            this.firstFailure.compareAndSet(null, what);
        }
    }

    private static Result run(Connector connector, Supplier<byte[]> requests, int connections, Duration duration)
            throws InterruptedException {
        Tally tally = new Tally();
        long processCpuBefore = ThreadCpu.ofProcess();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(() -> drive(connector, requests, deadline, tally), "load-" + i);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(tally.requests.get(), tally.failures.get(), tally.firstFailure.get(), seconds, tally.cpuNanos.get(),
                ThreadCpu.ofProcess() - processCpuBefore);
    }

    private static void drive(Connector connector, Supplier<byte[]> requests, long deadline, Tally tally) {
        long cpuBefore = ThreadCpu.ofThisThread();
        Socket socket = null;
        InputStream in = null;
        try {
            while (System.nanoTime() < deadline) {
                if (socket == null) {
                    socket = connector.connect();
                    in = new BufferedInputStream(socket.getInputStream());
                }
                OutputStream out = socket.getOutputStream();
                out.write(requests.get());
                out.flush();
                Response response = Response.read(in);
                tally.requests.incrementAndGet();
                if (response.status() != 200) {
                    tally.failed(response.statusLine().trim() + ((response.challenge() != null) ? " " + response.challenge() : ""));
                }
                if (response.closes()) {
                    socket.close();
                    socket = null;
                }
            }
        }
        catch (IOException ex) {
            tally.failed(ex.toString());
        }
        finally {
            closeQuietly(socket);
            tally.cpuNanos.addAndGet(ThreadCpu.ofThisThread() - cpuBefore);
        }
    }

    /** A port nobody listens on now (an application binds it a moment later). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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

    /** The parts of an HTTP response the load generator needs; the challenge ({@code WWW-Authenticate}) or {@code null}. */
    private record Response(String statusLine, int status, boolean closes, String challenge) {

        static Response read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = 0;
            boolean chunked = false;
            boolean closes = false;
            String challenge = null;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("www-authenticate:")) {
                    challenge = header;
                }
                else if (lower.startsWith("content-length:")) {
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
            return new Response(statusLine, status, closes, challenge);
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
