package dev.spiffeboot.autoconfigure.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs tokens with the dev agent's own JWT signing key (read from its CA directory), so tests can make
 * JWT-SVIDs the agent would never issue: expired ones, other audiences, bad subjects, headers without {@code kid};
 * and the classic forgeries: unsigned ({@code alg: none}), HMAC-signed with the public key, tampered claims.
 */
public final class TokenForge {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final ECKey key;

    private TokenForge(ECKey key) {
        this.key = key;
    }

    /** The forge of the dev agent whose CA directory is given. */
    public static TokenForge ofDevAgent(Path caDirectory, String trustDomain) throws IOException, ParseException {
        JWKSet keys = JWKSet.parse(Files.readString(caDirectory.resolve(trustDomain).resolve("jwt-keys.json")));
        return new TokenForge(keys.getKeys().get(keys.getKeys().size() - 1).toECKey());
    }

    /** Claims of a JWT-SVID issued now. */
    public static JWTClaimsSet.Builder claims(String subject, List<String> audience, Duration lifetime) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(subject)
            .audience(audience)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)));
    }

    /** A header as the agent writes it: ES256, its key ID, type JWT. */
    public JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.key.getKeyID()).type(JOSEObjectType.JWT);
    }

    /** The claims signed as the agent signs them. */
    public String sign(JWTClaimsSet claims) {
        return sign(header().build(), claims);
    }

    /** The claims signed with the agent's key under the header given. */
    public String sign(JWSHeader header, JWTClaimsSet claims) {
        try {
            return sign(header, claims, new ECDSASigner(this.key));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The claims signed with HS256, keyed with the bytes of the agent's public key and naming its key ID: accepted by
     * a verifier that lets the token choose the algorithm.
     */
    public String hs256WithThePublicKey(JWTClaimsSet claims) {
        try {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.key.getKeyID()).build();
            return sign(header, claims, new MACSigner(this.key.toECPublicKey().getEncoded()));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The claims without signature, {@code alg: none}. */
    public static String unsigned(JWTClaimsSet claims) {
        return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + encode(claims.toString()) + ".";
    }

    /** The token with its claims replaced and its header and signature kept. */
    public static String tampered(String token, JWTClaimsSet claims) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + encode(claims.toString()) + "." + parts[2];
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
