package dev.spiffeboot.bench.security;

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
 * A closed-loop HTTP/1.1 load generator for 127.0.0.1: a fixed number of keep-alive connections, each sending its
 * next request when the previous answer is read, for a fixed time. Answers other than 200 are counted as failures.
 */
final class HttpLoad {

    private static final int TIMEOUT_MILLIS = 10_000;

    private HttpLoad() {
    }

    /** What one run did. */
    record Result(long requests, long failures, double seconds) {

        double perSecond() {
            return this.requests / this.seconds;
        }
    }

    static Result run(int port, String path, String authorization, int connections, Duration duration) throws InterruptedException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + ((authorization != null) ? "Authorization: " + authorization + "\r\n" : "") + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
        AtomicLong requests = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(() -> drive(port, request, deadline, requests, failures), "load-" + i);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(requests.get(), failures.get(), (System.nanoTime() - start) / 1e9);
    }

    private static void drive(int port, byte[] request, long deadline, AtomicLong requests, AtomicLong failures) {
        Socket socket = null;
        InputStream in = null;
        try {
            while (System.nanoTime() < deadline) {
                if (socket == null) {
                    socket = connect(port);
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

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
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
