package dev.spiffeboot.test.issuer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import org.springframework.context.ApplicationContext;

/**
 * The test key of the issuers of {@code spiffe.jwt.issuers} (see {@link AutoConfigureTestIssuerKeys}): an ES256 key
 * whose public half is served as a JWK Set on loopback, and tokens signed with it.
 */
public final class TestIssuerKeys {

    /** The name of its bean in the application context. */
    public static final String BEAN_NAME = "testIssuerKeys";

    private static final Duration TOKEN_TTL = Duration.ofMinutes(5);

    private final ECKey key;

    private final HttpServer server;

    private final Map<String, List<String>> audiences;

    private TestIssuerKeys(ECKey key, HttpServer server, Map<String, List<String>> audiences) {
        this.key = key;
        this.server = server;
        this.audiences = Map.copyOf(audiences);
    }

    /**
     * Creates a key and serves its JWK Set on a random loopback port.
     *
     * @param audiences the configured audiences of each issuer
     */
    static TestIssuerKeys start(Map<String, List<String>> audiences) throws IOException {
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        }
        catch (JOSEException ex) {
            throw new IOException("cannot create the test issuer key: " + ex.getMessage(), ex);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        server.start();
        return new TestIssuerKeys(key, server, audiences);
    }

    /**
     * The test keys of the application context.
     *
     * @throws IllegalStateException if the context has none
     */
    public static TestIssuerKeys of(ApplicationContext context) {
        TestIssuerKeys keys = context.getBeanProvider(TestIssuerKeys.class).getIfAvailable();
        if (keys == null) {
            throw new IllegalStateException("No test issuer keys in the application context: annotate the test with "
                    + "@AutoConfigureTestIssuerKeys");
        }
        return keys;
    }

    /** Where the JWK Set of the test key is served; every configured issuer's {@code jwk-set-uri} in the test. */
    public String jwkSetUri() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + this.server.getAddress().getPort() + "/jwks";
    }

    /**
     * A token of the issuer for the subject and audiences, signed with the test key, valid for five minutes; without
     * audiences, for those the application accepts from the issuer ({@code spiffe.jwt.issuers[i].audiences}).
     *
     * @throws IllegalArgumentException if no audience is given for an issuer the application does not know
     */
    public String mintToken(String issuer, String subject, List<String> audiences) {
        if (audiences.isEmpty()) {
            List<String> configured = this.audiences.get(issuer);
            if (configured == null) {
                throw new IllegalArgumentException("spiffe.jwt.issuers has no issuer " + issuer + ": name the token's audience");
            }
            audiences = configured;
        }
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
            .subject(subject)
            .audience(audiences)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(TOKEN_TTL)))
            .jwtID(UUID.randomUUID().toString())
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.key.getKeyID())
            .type(JOSEObjectType.JWT)
            .build(), claims);
        try {
            jwt.sign(new ECDSASigner(this.key));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("cannot sign a test token: " + ex.getMessage(), ex);
        }
        return jwt.serialize();
    }

    /** Stops serving the JWK Set. */
    void close() {
        this.server.stop(0);
    }
}
