package dev.spiffeboot.svid.jwt;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;

import dev.spiffeboot.spiffeid.InvalidSpiffeIdException;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException.Reason;
import dev.spiffeboot.text.LogSafe;

/**
 * The structural checks of a JWT-SVID, done before any signature work: JWS compact serialization in its one
 * accepted spelling ({@link CompactJws}), an allowed {@code alg}, an allowed {@code typ}, no critical headers, and a
 * {@code sub} that is a SPIFFE ID (JWT-SVID standard, sections 1 to 3).
 */
final class JwtSvidToken {

    /** RFC 7518 sections 3.3 to 3.5, the only algorithms the JWT-SVID standard allows. */
    static final Set<String> ALLOWED_ALGORITHMS = Set.of(JWSAlgorithm.RS256.getName(), JWSAlgorithm.RS384.getName(),
            JWSAlgorithm.RS512.getName(), JWSAlgorithm.ES256.getName(), JWSAlgorithm.ES384.getName(),
            JWSAlgorithm.ES512.getName(), JWSAlgorithm.PS256.getName(), JWSAlgorithm.PS384.getName(),
            JWSAlgorithm.PS512.getName());

    private static final Set<JOSEObjectType> ALLOWED_TYPES = Set.of(JOSEObjectType.JWT, JOSEObjectType.JOSE);

    final String token;

    private final CompactJws jws;

    final JWSHeader header;

    final JWTClaimsSet claims;

    final SpiffeId subject;

    private JwtSvidToken(CompactJws jws, JWSHeader header, JWTClaimsSet claims, SpiffeId subject) {
        this.token = jws.token();
        this.jws = jws;
        this.header = header;
        this.claims = claims;
        this.subject = subject;
    }

    static JwtSvidToken parse(String token, int maxLength) throws InvalidJwtSvidException {
        if (token == null || token.isEmpty()) {
            throw new InvalidJwtSvidException(Reason.MALFORMED, "token is empty");
        }
        if (token.length() > maxLength) {
            throw new InvalidJwtSvidException(Reason.OVERSIZED,
                    "token is " + token.length() + " characters long, over the limit of " + maxLength);
        }
        CompactJws jws;
        try {
            jws = CompactJws.parse(token);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidJwtSvidException(Reason.MALFORMED, ex.getMessage());
        }
        JWSHeader header = parseHeader(jws);
        if (jws.encodedSignature().isEmpty()) {
            throw new InvalidJwtSvidException(Reason.MALFORMED, "token signature is empty");
        }
        JWTClaimsSet claims = parseClaims(new String(jws.payload(), StandardCharsets.UTF_8));
        return new JwtSvidToken(jws, header, claims, parseSubject(claims));
    }

    private static JWSHeader parseHeader(CompactJws jws) throws InvalidJwtSvidException {
        Map<String, Object> json;
        try {
            json = jsonObject(new String(jws.header(), StandardCharsets.UTF_8));
        }
        catch (ParseException ex) {
            throw new InvalidJwtSvidException(Reason.MALFORMED, "token header is not a JSON object");
        }
        Object algorithm = json.get("alg");
        if (!(algorithm instanceof String)) {
            throw new InvalidJwtSvidException(Reason.MALFORMED, "token header has no \"alg\"");
        }
        if (!ALLOWED_ALGORITHMS.contains(algorithm)) {
            throw new InvalidJwtSvidException(Reason.UNSUPPORTED_ALGORITHM, "unsupported token algorithm "
                    + LogSafe.quote((String) algorithm) + " (allowed: RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512)");
        }
        JWSHeader header;
        try {
            // the part was checked to be canonical, so Nimbus's lenient decoding of it cannot differ
            header = JWSHeader.parse(json, new Base64URL(jws.encodedHeader()));
        }
        catch (ParseException ex) {
            throw new InvalidJwtSvidException(Reason.MALFORMED, "token header is invalid: " + ex.getMessage());
        }
        if (header.getType() != null && !ALLOWED_TYPES.contains(header.getType())) {
            throw new InvalidJwtSvidException(Reason.UNSUPPORTED_TYPE, "unsupported token type "
                    + LogSafe.quote(header.getType().getType()) + " (allowed: absent, \"JWT\" or \"JOSE\")");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new InvalidJwtSvidException(Reason.MALFORMED, "token header has critical parameters "
                    + LogSafe.list(header.getCriticalParams()) + ", which JWT-SVIDs cannot use");
        }
        return header;
    }

    private static JWTClaimsSet parseClaims(String json) throws InvalidJwtSvidException {
        try {
            return JWTClaimsSet.parse(jsonObject(json));
        }
        catch (ParseException ex) {
            throw new InvalidJwtSvidException(Reason.MALFORMED, "token claims are invalid: " + ex.getMessage());
        }
    }

    /** A part of the token as a JSON object; Nimbus gives {@code null} rather than an error for a lone byte-order mark. */
    private static Map<String, Object> jsonObject(String text) throws ParseException {
        Map<String, Object> json = JSONObjectUtils.parse(text);
        if (json == null) {
            throw new ParseException("not a JSON object", 0);
        }
        return json;
    }

    private static SpiffeId parseSubject(JWTClaimsSet claims) throws InvalidJwtSvidException {
        String subject = claims.getSubject();
        if (subject == null || subject.isEmpty()) {
            throw new InvalidJwtSvidException(Reason.MISSING_SUBJECT, "token has no \"sub\" claim");
        }
        try {
            return SpiffeId.parse(subject);
        }
        catch (InvalidSpiffeIdException ex) {
            throw new InvalidJwtSvidException(Reason.INVALID_SUBJECT, "token subject is not a SPIFFE ID: " + ex.getMessage());
        }
    }

    /** The bytes the signature covers: the encoded header, a dot and the encoded claims. */
    byte[] signingInput() {
        return this.jws.signingInput();
    }

    /** The encoded signature, canonical (so Nimbus's lenient decoding of it cannot differ). */
    Base64URL signature() {
        return new Base64URL(this.jws.encodedSignature());
    }

    /** The expiry, or an error when {@code exp} is missing. */
    Instant expiry() throws InvalidJwtSvidException {
        Date expiry = this.claims.getExpirationTime();
        if (expiry == null) {
            throw new InvalidJwtSvidException(Reason.MISSING_EXPIRY, "token has no \"exp\" claim");
        }
        return expiry.toInstant();
    }

    /** The audiences, or an error when {@code aud} is missing, empty or holds a {@code null}. */
    List<String> audience() throws InvalidJwtSvidException {
        List<String> audience = this.claims.getAudience();
        if (audience == null || audience.isEmpty()) {
            throw new InvalidJwtSvidException(Reason.MISSING_AUDIENCE, "token has no \"aud\" claim");
        }
        // JSON nulls come through as null elements, which no audience check or copy of the list can take
        if (audience.contains(null)) {
            throw new InvalidJwtSvidException(Reason.MALFORMED, "token \"aud\" claim holds a null");
        }
        return audience;
    }

    JwtSvid toSvid(String hint) throws InvalidJwtSvidException {
        Date issuedAt = this.claims.getIssueTime();
        return new JwtSvid(this.token, this.subject, audience(), expiry(),
                issuedAt == null ? null : issuedAt.toInstant(), this.claims.getClaims(), hint);
    }
}
