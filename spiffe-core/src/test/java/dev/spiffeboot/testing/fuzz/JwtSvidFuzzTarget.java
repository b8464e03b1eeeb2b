package dev.spiffeboot.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;
import dev.spiffeboot.testing.MutableClock;

import static dev.spiffeboot.testing.fuzz.Checks.check;

/**
 * JWT-SVIDs: {@link JwtSvidValidator#validate} and {@link JwtSvid#parseUnverified} refuse with
 * {@link InvalidJwtSvidException} only. Most inputs are tokens whose header and claims were mutated and then signed
 * with a trusted key, so that every check after the signature sees the mutation; others are valid tokens broken as
 * strings, signed JSON that is not JSON, algorithm confusion, and random text. A token the validator accepts must
 * be one {@code parseUnverified} reads the same way, with an expected audience and an expiry not past.
 */
public final class JwtSvidFuzzTarget extends StringFuzzTarget {

    static final Set<String> AUDIENCES = Set.of("spiffe://example.org/server", "api");

    private static final long NOW = FuzzPki.NOW.getEpochSecond();

    private static final StringMutator TOKEN_MUTATOR = new StringMutator(List.of(".", "..", "=", "==", "+", "/", "-",
            "_", "eyJ", "e30", "eyJhbGciOiJub25lIn0", "AA", "%3D"));

    private static final StringMutator JSON_TEXT_MUTATOR = new StringMutator(List.of("{", "}", "[", "]", ",", ":",
            "\"", "\\u0000", "\\ud800", "\\", "null", "true", "1e999", "\"sub\":", "\"aud\":", "\"exp\":", "\"alg\":",
            "\"kid\":", "\"crit\":[\"exp\"]"));

    private static final JsonMutator JSON_MUTATOR = new JsonMutator(SpiffeIdFuzzTarget.MUTATOR, List.of("sub", "aud",
            "exp", "nbf", "iat", "iss", "jti", "alg", "kid", "typ", "cty", "crit", "jwk", "jku", "x5c", "x5u", "x5t",
            "b64", "zip", "enc", "", "__proto__"));

    private final JwtKeys keys = JwtKeys.shared();

    private final JwtSvidValidator validator = JwtSvidValidator.builder(this.keys.bundles)
        .clock(new MutableClock(FuzzPki.NOW))
        .build();

    private final List<Json.Obj> donors = List.of(header("ES256", "ec-256"), claims());

    @Override
    public String name() {
        return "jwt-svid";
    }

    @Override
    public String generate(FuzzRandom random) {
        JwtKeys.Key key = random.oneIn(8) ? this.keys.other : pickKey(random);
        Json.Obj header = header(key.algorithm(), key.keyId());
        Json.Obj claims = claims();
        if (key == this.keys.other) {
            claims.put("sub", "spiffe://other.org/client");
        }
        switch (random.below(12)) {
            case 0:
                break;
            case 1:
            case 2:
            case 3:
            case 4:
                JSON_MUTATOR.mutate(random, random.oneIn(4) ? header : claims, this.donors);
                break;
            case 5:
                JSON_MUTATOR.mutate(random, header, this.donors);
                JSON_MUTATOR.mutate(random, claims, this.donors);
                break;
            case 6:
                claims.put("sub", SpiffeIdFuzzTarget.MUTATOR.mutate(random, (String) claims.get("sub"), List.of()));
                break;
            case 7: {
                String claimsText = JSON_TEXT_MUTATOR.mutate(random, Json.write(claims), List.of());
                return JwtKeys.sign(Json.write(header), claimsText, key, random.secureRandom());
            }
            case 8:
                return TOKEN_MUTATOR.mutate(random, JwtKeys.sign(Json.write(header), Json.write(claims), key,
                        random.secureRandom()), List.of());
            case 9:
                return confusedAlgorithm(random, claims);
            case 10:
                return TOKEN_MUTATOR.random(random);
            default:
                header.put("alg", random.pick("ES256", "ES384", "RS256"));
                header.put("kid", random.pick("ec-256", "ec-384", "rsa", "other", "unknown"));
        }
        return JwtKeys.sign(Json.write(header), Json.write(claims), key, random.secureRandom());
    }

    private JwtKeys.Key pickKey(FuzzRandom random) {
        // ES384 and above all RSA sign slowly: they sign fewer of the tokens
        int choice = random.below(16);
        return this.keys.keys.get(choice == 0 ? 2 : choice < 3 ? 1 : 0);
    }

    private static String confusedAlgorithm(FuzzRandom random, Json.Obj claims) {
        String algorithm = random.pick("none", "HS256", "EdDSA", "PS256", "ES512", "", "es256");
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = Json.write(header(algorithm, "ec-256"));
        String signature = random.nextBoolean() ? "" : encoder.encodeToString(random.bytes(random.pick(0, 32, 64, 256)));
        return encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }

    private static Json.Obj header(String algorithm, String keyId) {
        return new Json.Obj().put("alg", algorithm).put("kid", keyId).put("typ", "JWT");
    }

    private static Json.Obj claims() {
        List<Object> audience = new ArrayList<>(List.of("spiffe://example.org/server"));
        return new Json.Obj().put("sub", "spiffe://example.org/client")
            .put("aud", audience)
            .put("exp", NOW + 300)
            .put("iat", NOW - 10);
    }

    @Override
    public void run(String token) throws InvalidJwtSvidException {
        JwtSvid validated;
        try {
            validated = this.validator.validate(token, AUDIENCES);
        }
        catch (InvalidJwtSvidException ex) {
            // the validator refused: the unverified parse of the workload's own tokens must still refuse cleanly
            JwtSvid.parseUnverified(token, "hint");
            throw ex;
        }
        check(validated.audience().stream().anyMatch(AUDIENCES::contains), "accepted without an expected audience");
        check(!validated.expiresAt().isBefore(FuzzPki.NOW.minus(Duration.ofSeconds(60))), "accepted an expired token");
        check(validated.id().trustDomain().equals(JwtKeys.TRUST_DOMAIN)
                || validated.id().trustDomain().equals(JwtKeys.OTHER_TRUST_DOMAIN), "accepted a token of an unknown trust domain");
        JwtSvid unverified = JwtSvid.parseUnverified(token, "hint");
        check(unverified.id().equals(validated.id()) && unverified.audience().equals(validated.audience())
                && unverified.expiresAt().equals(validated.expiresAt()), "parseUnverified reads the token differently");
    }

    @Override
    public boolean isDocumented(Throwable thrown) {
        return thrown instanceof InvalidJwtSvidException;
    }
}
