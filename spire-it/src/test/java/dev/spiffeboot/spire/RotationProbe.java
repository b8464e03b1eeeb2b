package dev.spiffeboot.spire;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.spiffeboot.tls.SpiffeTls;

/**
 * Calls an HTTPS endpoint over a new mTLS connection per request, one after the other, and records the certificate
 * the server presented each time and every request that did not get a 200.
 */
final class RotationProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Duration PAUSE = Duration.ofMillis(100);

    private final SSLContext tls;

    private final InetSocketAddress server;

    private final String path;

    /** Each server certificate by serial number, in the order they were first seen, with the time they were. */
    private final Map<BigInteger, Seen> certificates = new LinkedHashMap<>();

    private final List<BigInteger> presented = new ArrayList<>();

    private final List<String> failures = new ArrayList<>();

    private int requests;

    RotationProbe(SSLContext tls, InetSocketAddress server, String path) {
        this.tls = tls;
        this.server = server;
        this.path = path;
    }

    /** Calls until the server has presented this many different certificates; fails when the time runs out. */
    void untilCertificates(int count, Duration timeout) throws InterruptedException {
        callUntil(() -> this.certificates.size() >= count, timeout);
        if (this.certificates.size() < count) {
            throw new AssertionError("the server presented " + this.certificates.size() + " certificates within " + timeout
                    + ", expected " + count + ": " + this.certificates);
        }
    }

    /** Calls for the given time. */
    void during(Duration time) throws InterruptedException {
        callUntil(() -> false, time);
    }

    private void callUntil(BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            call();
            Thread.sleep(PAUSE.toMillis());
        }
    }

    private void call() {
        this.requests++;
        try (SSLSocket socket = SpiffeTls.dial(this.server, this.tls, TIMEOUT)) {
            X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            this.certificates.putIfAbsent(certificate.getSerialNumber(), new Seen(Instant.now(), certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant()));
            this.presented.add(certificate.getSerialNumber());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(("GET " + this.path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            if (status == null || !status.startsWith("HTTP/1.1 200")) {
                this.failures.add(Instant.now() + ": " + status);
            }
        }
        catch (IOException | RuntimeException ex) {
            this.failures.add(Instant.now() + ": " + ex);
        }
    }

    int requests() {
        return this.requests;
    }

    List<String> failures() {
        return this.failures;
    }

    /** The certificates in the order they were first presented. */
    Map<BigInteger, Seen> certificates() {
        return this.certificates;
    }

    /** Whether a connection ever got an older certificate after a newer one had been presented. */
    boolean wentBack() {
        List<BigInteger> order = new ArrayList<>(this.certificates.keySet());
        int newest = 0;
        for (BigInteger serial : this.presented) {
            int index = order.indexOf(serial);
            if (index < newest) {
                return true;
            }
            newest = index;
        }
        return false;
    }

    /** When a certificate was first presented, and its validity. */
    record Seen(Instant firstPresented, Instant notBefore, Instant notAfter) {
    }
}
