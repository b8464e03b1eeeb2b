package dev.spiffeboot.testing.fuzz;

import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.spiffeboot.bundle.InvalidBundleException;
import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.bundle.SpiffeBundle;
import dev.spiffeboot.bundle.X509Bundle;

import static dev.spiffeboot.testing.fuzz.Checks.check;

/**
 * SPIFFE bundle documents (JWK Sets with {@code x509-svid} and {@code jwt-svid} keys): {@link SpiffeBundle#parse}
 * and {@link JwtBundle#parse} refuse with {@link InvalidBundleException} only. Inputs are valid documents mutated
 * as JSON (types, boundary numbers, deep nesting, repeated keys, key parameters swapped or cut, certificates
 * mutated inside their DER) and as text. A bundle that is read must write out and read back equal.
 */
public final class BundleFuzzTarget extends StringFuzzTarget {

    private static final StringMutator VALUE_MUTATOR = new StringMutator(List.of("x509-svid", "jwt-svid", "sig", "enc",
            "EC", "RSA", "OKP", "oct", "P-256", "P-384", "P-521", "secp256k1", "Ed25519", "X25519", "AQAB", "AA", "_-",
            "+/", "=", "MII"));

    private static final StringMutator TEXT_MUTATOR = new StringMutator(List.of("{", "}", "[", "]", ",", ":", "\"",
            "\\u0000", "\\ud800", "\\", "null", "1e999", "\"keys\":", "\"use\":", "\"kty\":", "\"x5c\":", "\"kid\":"));

    private static final JsonMutator JSON_MUTATOR = new JsonMutator(VALUE_MUTATOR, List.of("keys", "use", "kty", "kid",
            "crv", "x", "y", "d", "n", "e", "k", "x5c", "x5t", "x5t#S256", "x5u", "alg", "key_ops", "exp", "nbf", "iat",
            "spiffe_sequence", "spiffe_refresh_hint", "revoked"));

    private final List<String> documents = new ArrayList<>();

    private final List<Json.Obj> donors = new ArrayList<>();

    private final List<byte[]> certificates = new ArrayList<>();

    private final DerMutator derMutator = new DerMutator(SpiffeIdFuzzTarget.MUTATOR);

    public BundleFuzzTarget() {
        X509Fixture pki = X509Fixture.shared();
        JwtKeys jwt = JwtKeys.shared();
        X509Bundle x509 = X509Bundle.of(JwtKeys.TRUST_DOMAIN, List.of(pki.root, pki.otherRoot));
        this.documents.add(SpiffeBundle.of(x509, jwt.bundle, 7L, Duration.ofSeconds(300)).toJson());
        this.documents.add(SpiffeBundle.of(x509, JwtBundle.of(JwtKeys.TRUST_DOMAIN, List.of()), null, null).toJson());
        this.documents.add(jwt.bundle.toJwks());
        this.documents.add("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ed\",\"use\":\"jwt-svid\","
                + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"},{\"kty\":\"oct\",\"k\":\"AAAA\",\"kid\":\"h\"}]}");
        for (String document : this.documents) {
            this.donors.add(model(document));
        }
        for (X509Fixture.Chain chain : pki.chains) {
            this.certificates.addAll(chain.certificates());
        }
    }

    private static Json.Obj model(String document) {
        try {
            return (Json.Obj) Json.of(JSONObjectUtils.parse(document));
        }
        catch (ParseException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public String name() {
        return "bundle";
    }

    @Override
    public String generate(FuzzRandom random) {
        String base = random.pick(this.documents);
        switch (random.below(10)) {
            case 0:
                return base;
            case 1: {
                Json.Obj document = model(base);
                mutateCertificate(random, document);
                return Json.write(document);
            }
            case 2:
                return TEXT_MUTATOR.mutate(random, base, this.documents);
            case 3:
                return TEXT_MUTATOR.random(random);
            default: {
                Json.Obj document = model(base);
                JSON_MUTATOR.mutate(random, document, this.donors);
                String json = Json.write(document);
                return random.oneIn(5) ? TEXT_MUTATOR.mutate(random, json, List.of()) : json;
            }
        }
    }

    /** Puts a certificate mutated inside its DER into the first {@code x5c}. */
    private void mutateCertificate(FuzzRandom random, Json.Obj document) {
        Object keys = document.get("keys");
        if (!(keys instanceof List<?> entries) || entries.isEmpty() || !(entries.get(0) instanceof Json.Obj entry)) {
            return;
        }
        Der certificate = Der.parse(random.pick(this.certificates));
        this.derMutator.mutate(random, certificate, List.of());
        List<Object> chain = new ArrayList<>();
        chain.add(Base64.getEncoder().encodeToString(certificate.encode()));
        entry.put("use", "x509-svid").put("x5c", chain);
    }

    @Override
    public void run(String json) {
        InvalidBundleException refusal = null;
        boolean accepted = false;
        try {
            SpiffeBundle bundle = SpiffeBundle.parse(JwtKeys.TRUST_DOMAIN, json);
            check(SpiffeBundle.parse(JwtKeys.TRUST_DOMAIN, bundle.toJson()).equals(bundle), "the bundle does not read back equal");
            accepted = true;
        }
        catch (InvalidBundleException ex) {
            refusal = ex;
        }
        try {
            JwtBundle bundle = JwtBundle.parse(JwtKeys.TRUST_DOMAIN, json);
            check(JwtBundle.parse(JwtKeys.TRUST_DOMAIN, bundle.toJwks()).equals(bundle), "the JWT bundle does not read back equal");
            accepted = true;
        }
        catch (InvalidBundleException ex) {
            refusal = ex;
        }
        if (!accepted) {
            throw refusal;
        }
    }

    @Override
    public boolean isDocumented(Throwable thrown) {
        return thrown instanceof InvalidBundleException;
    }
}
