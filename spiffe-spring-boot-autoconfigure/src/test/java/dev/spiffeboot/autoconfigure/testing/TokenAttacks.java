package dev.spiffeboot.autoconfigure.testing;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The bearer-token attacks every server stack is tested with (HTTP and gRPC alike), each a forged or malformed token
 * that differs from an accepted one in the one respect its name says, with the reason the refusal must name:
 * unsigned ({@code alg: none}), HS256 keyed with the public key, no or an unknown {@code kid}, a foreign trust
 * domain, expired, a wrong audience, a subject that is no SPIFFE ID, tampered claims, no JWT, oversized, and two
 * tokens at once. Arguments: the name, a supplier of the tokens to send (one header or metadata value each), the
 * reason.
 */
public final class TokenAttacks {

    private static final String OTHER = "spiffe://example.org/other";

    private final Supplier<TokenForge> forge;

    private final String client;

    private final String server;

    private final String intruder;

    /**
     * The attacks by a client on a server.
     *
     * @param forge the forge, asked when a token is made (it may be created after the arguments)
     * @param client the ID accepted tokens are issued to
     * @param server the audience the server accepts
     * @param intruder an ID tampered claims claim
     */
    public TokenAttacks(Supplier<TokenForge> forge, String client, String server, String intruder) {
        this.forge = forge;
        this.client = client;
        this.server = server;
        this.intruder = intruder;
    }

    /** Claims the server accepts: from the client, for the server, valid for five minutes. */
    public JWTClaimsSet.Builder valid() {
        return TokenForge.claims(this.client, List.of(this.server), Duration.ofMinutes(5));
    }

    /** A token the server accepts. */
    public String validToken() {
        return this.forge.get().sign(valid().build());
    }

    /** The attacks, as arguments of a parameterized test. */
    public Stream<Arguments> all() {
        return Stream.of(
                attack("alg none", () -> TokenForge.unsigned(valid().build()), "unsupported token algorithm 'none'"),
                attack("HS256 keyed with the public key", () -> forge().hs256WithThePublicKey(valid().build()),
                        "unsupported token algorithm 'HS256'"),
                attack("no kid", () -> forge().sign(new JWSHeader.Builder(JWSAlgorithm.ES256).build(), valid().build()),
                        "no 'kid'"),
                attack("unknown kid", () -> forge().sign(forge().header().keyID("made-up").build(), valid().build()),
                        "no JWT authority 'made-up' found for trust domain 'example.org'"),
                attack("foreign trust domain", () -> forge().sign(valid().subject("spiffe://elsewhere.test/client").build()),
                        "no JWT bundle for trust domain 'elsewhere.test'"),
                attack("expired", () -> forge().sign(TokenForge.claims(this.client, List.of(this.server), Duration.ofHours(-2)).build()),
                        "token expired at "),
                attack("wrong audience", () -> forge().sign(valid().audience(List.of(OTHER)).build()),
                        "expected audience in [" + this.server + "] (audience=[" + OTHER + "])"),
                attack("subject not a SPIFFE ID", () -> forge().sign(valid().subject("https://example.org/client").build()),
                        "token subject is not a SPIFFE ID"),
                attack("tampered claims", () -> TokenForge.tampered(validToken(), valid().subject(this.intruder).build()),
                        "does not verify"),
                attack("not a JWT", () -> "abc.def", "not a JWS in compact serialization"),
                attack("oversized", () -> "a".repeat(7000), "more than the 6144 accepted"),
                Arguments.of("two Authorization headers", (Supplier<List<String>>) () -> List.of(validToken(), validToken()),
                        "more than one Authorization header"));
    }

    private TokenForge forge() {
        return this.forge.get();
    }

    private static Arguments attack(String name, Supplier<String> token, String reason) {
        return Arguments.of(name, (Supplier<List<String>>) () -> List.of(token.get()), reason);
    }
}
