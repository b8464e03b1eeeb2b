package dev.spiffeboot.autoconfigure.actuate;

import java.security.cert.CertificateException;

import io.micrometer.core.instrument.MeterRegistry;

import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.tls.SpiffeTrustManager.RejectionListener;

/**
 * Counts refused TLS peers as {@code spiffe.authentication.failures}, tagged with the kind of credential
 * ({@code x509}), the peer's role and the reason (e.g. {@code UNAUTHORIZED_ID}, {@code UNTRUSTED_CHAIN}).
 */
public class AuthenticationFailureMetrics implements RejectionListener {

    static final String NAME = "spiffe.authentication.failures";

    private final MeterRegistry registry;

    public AuthenticationFailureMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void rejected(String peerRole, CertificateException failure) {
        String reason = (failure instanceof InvalidX509SvidException) ? ((InvalidX509SvidException) failure).reason().name()
                : "OTHER";
        this.registry.counter(NAME, "kind", "x509", "peer", peerRole, "reason", reason).increment();
    }
}
