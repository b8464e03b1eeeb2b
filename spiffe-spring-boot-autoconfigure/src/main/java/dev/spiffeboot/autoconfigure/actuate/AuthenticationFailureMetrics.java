package dev.spiffeboot.autoconfigure.actuate;

import java.security.cert.CertificateException;

import io.micrometer.core.instrument.MeterRegistry;

import dev.spiffeboot.security.authentication.BearerTokenRejectionListener;
import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.tls.RejectionListener;

/**
 * Counts refused credentials as {@code spiffe.authentication.failures}, tagged with the kind of credential
 * ({@code x509} for TLS peers, {@code jwt} for bearer tokens), the peer's role and the reason (e.g.
 * {@code UNAUTHORIZED_ID}, {@code UNTRUSTED_CHAIN}, {@code EXPIRED}, {@code AUDIENCE_MISMATCH}).
 */
class AuthenticationFailureMetrics implements RejectionListener, BearerTokenRejectionListener {

    static final String NAME = "spiffe.authentication.failures";

    private final MeterRegistry registry;

    AuthenticationFailureMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void rejected(String peerRole, CertificateException failure) {
        String reason = (failure instanceof InvalidX509SvidException) ? ((InvalidX509SvidException) failure).reason().name()
                : "OTHER";
        this.registry.counter(NAME, "kind", "x509", "peer", peerRole, "reason", reason).increment();
    }

    @Override
    public void rejected(String reason) {
        this.registry.counter(NAME, "kind", "jwt", "peer", "client", "reason", reason).increment();
    }
}
