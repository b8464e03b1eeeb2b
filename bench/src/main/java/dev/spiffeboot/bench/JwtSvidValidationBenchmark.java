package dev.spiffeboot.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.spiffeboot.bundle.JwtAuthority;
import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;

/**
 * Full JWT-SVID validation against the bare JDK signature check of the same ES256 token.
 * <p>
 * The baseline is as lean as the JDK allows: the signing input and the signature are decoded once, and each thread
 * keeps one {@code SHA256withECDSAinP1363Format} verifier initialized with the key, so an operation is only the
 * hash and the ECDSA verification. Validation does everything a server must do with a token it receives: size
 * check, parsing, header and claim rules, key lookup by trust domain and {@code kid}, the signature, times and
 * audience.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JwtSvidValidationBenchmark {

    static final String AUDIENCE = "spiffe://example.org/server";

    private String token;

    private JwtSvidValidator validator;

    private List<String> audiences;

    private byte[] signingInput;

    private byte[] signature;

    private Signature rawVerifier;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        TrustDomain trustDomain = TrustDomain.parse("example.org");
        this.validator = JwtSvidValidator.of(JwtBundle.of(trustDomain, List.of(JwtAuthority.of("key-1", keys.getPublic()))));
        this.audiences = List.of(AUDIENCE);

        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("spiffe://example.org/client")
            .audience(AUDIENCE)
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plusSeconds(24 * 3600)))
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("key-1").type(JOSEObjectType.JWT).build(),
                claims);
        jwt.sign(new ECDSASigner((ECPrivateKey) keys.getPrivate()));
        this.token = jwt.serialize();

        int lastDot = this.token.lastIndexOf('.');
        this.signingInput = this.token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        this.signature = Base64.getUrlDecoder().decode(this.token.substring(lastDot + 1));
        this.rawVerifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        this.rawVerifier.initVerify(keys.getPublic());
        if (!rawVerify() || validate() == null) {
            throw new IllegalStateException("benchmark token does not verify");
        }
    }

    @Benchmark
    public JwtSvid validate() throws InvalidJwtSvidException {
        return this.validator.validate(this.token, this.audiences);
    }

    @Benchmark
    public boolean rawVerify() throws GeneralSecurityException {
        this.rawVerifier.update(this.signingInput);
        return this.rawVerifier.verify(this.signature);
    }
}
