package dev.spiffeboot.security.oauth2.server.token;

import java.net.URI;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.TokenVerifier;
import dev.spiffeboot.security.authentication.VerifiedToken;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.jwt.CompactJws;
import dev.spiffeboot.text.Base64Url;
import dev.spiffeboot.text.LogSafe;

/**
 * The access tokens a service issues to its own clients at its token endpoint, and their validation, which needs no
 * network call: JWTs typed {@code at+jwt} (RFC 9068) signed with {@link RotatingSigningKeys}, {@code iss} this
 * service's issuer identifier, {@code aud} its resource identifier, {@code sub} and {@code client_id} the client
 * that authenticated, short-lived. A validated token speaks for the same request principal as the client's own
 * assertion did, so rules and annotations see one identity whichever the client sends.
 */
public final class LocalAccessTokens implements TokenVerifier {

    private static final String PRINCIPAL_KIND = "spiffe_principal_kind";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;

    private final String resource;

    private final RotatingSigningKeys keys;

    private final Duration lifetime;

    private final Duration clockSkew;

    private final Clock clock;

    /**
     * Tokens of this service.
     *
     * @param issuer its issuer identifier ({@code iss})
     * @param resource its resource identifier ({@code aud})
     * @param keys the signing keys
     * @param lifetime how long a token is valid
     * @param clockSkew the tolerance on {@code exp}
     * @param clock the clock
     */
    public LocalAccessTokens(URI issuer, URI resource, RotatingSigningKeys keys, Duration lifetime, Duration clockSkew, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer").toString();
        this.resource = Objects.requireNonNull(resource, "resource").toString();
        this.keys = Objects.requireNonNull(keys, "keys");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clock skew");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The issuer identifier: the {@code iss} of the tokens, by which bearer tokens are routed here. */
    public String issuer() {
        return this.issuer;
    }

    /** The resource identifier: the {@code aud} of the tokens. */
    public String resource() {
        return this.resource;
    }

    /** How long a token is valid. */
    public Duration lifetime() {
        return this.lifetime;
    }

    /** A new token for the client. */
    public String issue(RequestPrincipal client) {
        Instant now = Instant.ofEpochSecond(this.clock.instant().getEpochSecond());
        ECKey key = this.keys.signingKey();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
            .issuer(this.issuer)
            .subject(client.value())
            .audience(this.resource)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(this.lifetime)))
            .jwtID(randomId())
            .claim("client_id", client.value())
            .claim(PRINCIPAL_KIND, client.kind().name())
            .build();
        JWSHeader header = new JWSHeader.Builder(this.keys.algorithm()).type(new JOSEObjectType("at+jwt")).keyID(key.getKeyID()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new ECDSASigner(key));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("cannot sign an access token: " + ex.getMessage(), ex);
        }
        return jwt.serialize();
    }

    @Override
    public VerifiedToken verify(String token) {
        try {
            CompactJws.parse(token);
        }
        catch (IllegalArgumentException ex) {
            throw invalid("MALFORMED", ex.getMessage());
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        }
        catch (ParseException ex) {
            throw invalid("MALFORMED", "not a signed JWT");
        }
        if (!this.keys.algorithm().equals(jwt.getHeader().getAlgorithm())) {
            throw invalid("UNSUPPORTED_ALGORITHM", "algorithm " + LogSafe.quote(jwt.getHeader().getAlgorithm().getName()) + " is not accepted");
        }
        String keyId = jwt.getHeader().getKeyID();
        JWK key = (keyId != null) ? this.keys.verificationKeys().getKeyByKeyId(keyId) : null;
        if (key == null) {
            throw invalid("UNKNOWN_KEY_ID", "the key it was signed with (kid " + LogSafe.quote(keyId) + ") has been rotated out or was never ours");
        }
        try {
            if (!jwt.verify(new ECDSAVerifier(key.toECKey()))) {
                throw invalid("BAD_SIGNATURE", "signature does not verify");
            }
        }
        catch (JOSEException ex) {
            throw invalid("BAD_SIGNATURE", "signature cannot be verified");
        }
        if (!new JOSEObjectType("at+jwt").equals(jwt.getHeader().getType())) {
            throw invalid("MALFORMED", "typ is not at+jwt");
        }
        return accept(claims, keyId);
    }

    private VerifiedToken accept(JWTClaimsSet claims, String keyId) {
        if (!this.issuer.equals(claims.getIssuer())) {
            throw invalid("ISSUER_MISMATCH", "issuer " + LogSafe.quote(claims.getIssuer()));
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(this.resource)) {
            throw invalid("AUDIENCE_MISMATCH", "expected audience " + this.resource + " (audience=" + LogSafe.list(audience == null ? List.of() : audience) + ")");
        }
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw invalid("MISSING_EXPIRY", "no exp");
        }
        Instant acceptedUntil = expiry.toInstant().plus(this.clockSkew);
        if (!this.clock.instant().isBefore(acceptedUntil)) {
            throw invalid("EXPIRED", "token expired at " + expiry.toInstant());
        }
        RequestPrincipal principal = principal(claims, audience, expiry.toInstant());
        return new VerifiedToken(principal, acceptedUntil, () -> this.keys.verificationKeys().getKeyByKeyId(keyId) != null);
    }

    private static RequestPrincipal principal(JWTClaimsSet claims, List<String> audience, Instant expiresAt) {
        String subject = claims.getSubject();
        Object kindName = claims.getClaim(PRINCIPAL_KIND);
        RequestPrincipal.Kind kind;
        try {
            kind = RequestPrincipal.Kind.valueOf(String.valueOf(kindName));
        }
        catch (IllegalArgumentException ex) {
            throw invalid("MALFORMED", "unknown principal kind");
        }
        if (subject == null) {
            throw invalid("MALFORMED", "no sub");
        }
        Map<String, Object> values = claims.toJSONObject();
        SpiffeId id = (kind == RequestPrincipal.Kind.JWT_SVID) ? SpiffeId.parse(subject) : null;
        return new RequestPrincipal(subject, kind, id, audience, expiresAt, values);
    }

    private static BearerTokenRejectedException invalid(String reason, String problem) {
        return BearerTokenRejectedException.invalid(reason, "access token of this service: " + problem);
    }

    private static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64Url.encode(bytes);
    }
}
