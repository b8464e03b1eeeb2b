package dev.spiffeboot.testing;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Other spellings of a JWS in compact serialization that lenient base64 decoders read as the same bytes: padding,
 * the standard base64 alphabet, whitespace, non-zero unused bits in a part's last character. Each must be refused
 * wherever the canonical token is accepted.
 */
public enum JwsRespelling {

    /** {@code ==} after the signature. */
    SIGNATURE_PADDED(token -> token + "=="),
    /** A hundred {@code =} after the signature. */
    SIGNATURE_PADDED_100(token -> token + "=".repeat(100)),
    /** The header with {@code +} and {@code /} for {@code -} and {@code _}. */
    HEADER_STANDARD_ALPHABET(token -> respellPart(token, 0, JwsRespelling::standardAlphabet)),
    /** The payload with {@code +} and {@code /} for {@code -} and {@code _}. */
    PAYLOAD_STANDARD_ALPHABET(token -> respellPart(token, 1, JwsRespelling::standardAlphabet)),
    /** The signature with {@code +} and {@code /} for {@code -} and {@code _}. */
    SIGNATURE_STANDARD_ALPHABET(token -> respellPart(token, 2, JwsRespelling::standardAlphabet)),
    /** The signature's last character with its unused low bits set. */
    SIGNATURE_UNUSED_BITS_SET(token -> respellPart(token, 2, JwsRespelling::unusedBitsSet)),
    /** A space after the header. */
    HEADER_TRAILING_SPACE(token -> respellPart(token, 0, part -> part + " ")),
    /** A line break in the middle of the payload. */
    PAYLOAD_LINE_BREAK(token -> respellPart(token, 1,
            part -> part.substring(0, part.length() / 2) + "\n" + part.substring(part.length() / 2)));

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final UnaryOperator<String> respell;

    JwsRespelling(UnaryOperator<String> respell) {
        this.respell = respell;
    }

    /** The token in this spelling; never the token itself. */
    public String apply(String token) {
        String respelled = this.respell.apply(token);
        if (respelled.equals(token)) {
            throw new IllegalArgumentException(name() + " leaves the token as it is");
        }
        return respelled;
    }

    /** Whether the respelling is only characters an RFC 6750 {@code b64token} allows (it can reach a token parser). */
    public boolean isB64Token() {
        return this != HEADER_TRAILING_SPACE && this != PAYLOAD_LINE_BREAK;
    }

    /**
     * Signs tokens until one that every respelling changes, e.g. one with a {@code -} or {@code _} in every part
     * for the standard-alphabet respellings. Header and claims are fixed by their content: make them contain
     * characters that encode to {@code _}, such as a {@code kid} and a claim holding {@code "?????"}; signatures
     * differ at every signing (ECDSA) or with the claims (RSA).
     */
    public static String tokenRespellableBy(Set<JwsRespelling> respellings, Supplier<String> signer) {
        for (int attempt = 0; attempt < 200; attempt++) {
            String token = signer.get();
            if (respellings.stream().noneMatch(respelling -> respelling.respell.apply(token).equals(token))) {
                return token;
            }
        }
        throw new IllegalStateException("no token that each of " + respellings + " changes after 200 signings: "
                + "make the header and claims contain characters that encode to '-' or '_' (e.g. \"?????\")");
    }

    /** {@link #tokenRespellableBy(Set, Supplier)} for every respelling. */
    public static String tokenRespellableByAll(Supplier<String> signer) {
        return tokenRespellableBy(EnumSet.allOf(JwsRespelling.class), signer);
    }

    private static String respellPart(String token, int index, UnaryOperator<String> respell) {
        String[] parts = token.split("\\.", -1);
        parts[index] = respell.apply(parts[index]);
        return String.join(".", parts);
    }

    private static String standardAlphabet(String part) {
        return part.replace('-', '+').replace('_', '/');
    }

    /** The part with its last character's unused low bits set: the same bytes, another spelling. */
    private static String unusedBitsSet(String part) {
        int unusedBits = switch (part.length() % 4) {
            case 2 -> 0x0F;
            case 3 -> 0x03;
            default -> throw new IllegalArgumentException("a part of length " + part.length() + " has no unused bits");
        };
        int last = ALPHABET.indexOf(part.charAt(part.length() - 1));
        return part.substring(0, part.length() - 1) + ALPHABET.charAt(last | unusedBits);
    }
}
