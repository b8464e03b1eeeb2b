package dev.spiffeboot.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * An end-user identity provider on 127.0.0.1: publishes its RSA keys as a JWK Set (counting the fetches) and
 * signs RS256 access tokens with its newest key.
 */
public final class TestIdentityProvider implements AutoCloseable {

    private final String issuer;

    private final HttpServer server;

    private final List<RSAKey> keys = new CopyOnWriteArrayList<>();

    private final AtomicInteger fetches = new AtomicInteger();

    private volatile boolean serving = true;

    private TestIdentityProvider(String issuer) throws IOException {
        this.issuer = issuer;
        this.keys.add(newKey());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/jwks", exchange -> {
            this.fetches.incrementAndGet();
            byte[] body = publicKeys().toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(this.serving ? 200 : 503, this.serving ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                if (this.serving) {
                    out.write(body);
                }
            }
        });
        this.server.start();
    }

    public static TestIdentityProvider start(String issuer) throws IOException {
        return new TestIdentityProvider(issuer);
    }

    public String issuer() {
        return this.issuer;
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/jwks";
    }

    public int fetches() {
        return this.fetches.get();
    }

    /** Whether the JWK Set is served (else 503). */
    public void serving(boolean serving) {
        this.serving = serving;
    }

    /** Adds a new signing key; the old ones stay published. */
    public void rotate() {
        this.keys.add(newKey());
    }

    public String token(String subject, List<String> audience, Duration lifetime) {
        return sign(this.keys.get(this.keys.size() - 1), subject, audience, lifetime);
    }

    /** A token signed with a key this provider never published. */
    public String tokenWithUnpublishedKey(String subject, List<String> audience) {
        return sign(newKey(), subject, audience, Duration.ofMinutes(5));
    }

    private String sign(RSAKey key, String subject, List<String> audience, Duration lifetime) {
        Instant expiry = Instant.now().plus(lifetime);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.issuer)
            .subject(subject)
            .audience(audience)
            .issueTime(Date.from(expiry.minus(Duration.ofMinutes(10))))
            .expirationTime(Date.from(expiry))
            .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private JWKSet publicKeys() {
        List<JWK> published = new ArrayList<>();
        this.keys.forEach(key -> published.add(key.toPublicJWK()));
        return new JWKSet(published);
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        this.server.stop(0);
    }
}
