package dev.spiffeboot.autoconfigure.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs tokens with the dev agent's own JWT signing key (read from its CA directory), so tests can make
 * JWT-SVIDs the agent would never issue: expired ones, other audiences, bad subjects, headers without {@code kid}.
 */
public final class TokenForge {

    private final ECKey key;

    private TokenForge(ECKey key) {
        this.key = key;
    }

    /** The forge of the dev agent whose CA directory is given. */
    public static TokenForge ofDevAgent(Path caDirectory, String trustDomain) throws IOException, ParseException {
        JWKSet keys = JWKSet.parse(Files.readString(caDirectory.resolve(trustDomain).resolve("jwt-keys.json")));
        return new TokenForge(keys.getKeys().get(keys.getKeys().size() - 1).toECKey());
    }

    public ECKey key() {
        return this.key;
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

    public String sign(JWTClaimsSet claims) {
        return sign(header().build(), claims);
    }

    public String sign(JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new ECDSASigner(this.key));
            return jwt.serialize();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
