package dev.spiffeboot.svid.jwt;

import java.nio.charset.StandardCharsets;

import dev.spiffeboot.text.Base64Url;

/**
 * A JWS in compact serialization (RFC 7515 section 7.1) in its one accepted spelling: three parts separated by dots,
 * each canonical unpadded base64url (see {@link Base64Url}), header and payload not empty. (An empty signature is
 * how an unsecured JWT is spelled; it is left to the algorithm check to refuse, with its own reason.) A token
 * respelled with padding, the
 * standard base64 alphabet, whitespace or non-zero unused bits is refused here, before any parsing, signature work
 * or cache lookup, so that the same signed content never gets a second accepted token string.
 * <p>
 * Immutable; {@link #toString()} never shows the token.
 */
public final class CompactJws {

    private final String token;

    private final int firstDot;

    private final int secondDot;

    private CompactJws(String token, int firstDot, int secondDot) {
        this.token = token;
        this.firstDot = firstDot;
        this.secondDot = secondDot;
    }

    /**
     * Splits a token into its three parts, checking the spelling of each (not their content).
     *
     * @throws IllegalArgumentException naming the part and the problem (never the token itself)
     */
    public static CompactJws parse(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token is empty");
        }
        int firstDot = token.indexOf('.');
        int secondDot = (firstDot < 0) ? -1 : token.indexOf('.', firstDot + 1);
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            throw new IllegalArgumentException(
                    "token is not a JWS in compact serialization (three base64url parts separated by dots)");
        }
        checkPart(token, "header", 0, firstDot, false);
        checkPart(token, "payload", firstDot + 1, secondDot, false);
        checkPart(token, "signature", secondDot + 1, token.length(), true);
        return new CompactJws(token, firstDot, secondDot);
    }

    private static void checkPart(String token, String part, int start, int end, boolean mayBeEmpty) {
        if (start == end && !mayBeEmpty) {
            throw new IllegalArgumentException("token " + part + " is empty");
        }
        try {
            Base64Url.check(token, start, end);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("token " + part + " is not canonical base64url: " + ex.getMessage());
        }
    }

    /** The token, as given. A secret: do not log it. */
    public String token() {
        return this.token;
    }

    /** The decoded protected header (JSON, by the standard). */
    public byte[] header() {
        return Base64Url.decode(this.token, 0, this.firstDot);
    }

    /** The decoded payload. */
    public byte[] payload() {
        return Base64Url.decode(this.token, this.firstDot + 1, this.secondDot);
    }

    /** The decoded signature. */
    public byte[] signature() {
        return Base64Url.decode(this.token, this.secondDot + 1, this.token.length());
    }

    /** The encoded header and payload with the dot between them: the bytes the signature covers. */
    public byte[] signingInput() {
        return this.token.substring(0, this.secondDot).getBytes(StandardCharsets.US_ASCII);
    }

    /** The encoded header, as it appears in the token. */
    public String encodedHeader() {
        return this.token.substring(0, this.firstDot);
    }

    /** The encoded signature, as it appears in the token. */
    public String encodedSignature() {
        return this.token.substring(this.secondDot + 1);
    }

    /** The length of each part; never the token. */
    @Override
    public String toString() {
        return "CompactJws[header=" + this.firstDot + " chars, payload=" + (this.secondDot - this.firstDot - 1)
                + " chars, signature=" + (this.token.length() - this.secondDot - 1) + " chars]";
    }
}
