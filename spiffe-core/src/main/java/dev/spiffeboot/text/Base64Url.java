package dev.spiffeboot.text;

import java.util.Arrays;
import java.util.Base64;

/**
 * Strict base64url (RFC 4648 section 5) without padding, as JWS and JWT require (RFC 7515 section 2): every byte
 * string has exactly one accepted spelling. Refused: padding ({@code =}), the standard alphabet's {@code +} and
 * {@code /}, whitespace and any other character outside {@code A-Z a-z 0-9 - _}, a length that leaves one
 * character over, and a last character whose unused low bits are not zero (another spelling of the same bytes).
 * <p>
 * The JDK's and Nimbus's decoders are lenient about some of these; this one is not, so that a token cannot be
 * respelled and still be accepted (go-jose, which go-spiffe uses, refuses padding and the standard alphabet too).
 */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** The value of each ASCII character in the base64url alphabet, -1 for the others. */
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private Base64Url() {
    }

    /** Encodes bytes as unpadded base64url: the one spelling {@link #decode(CharSequence)} accepts. */
    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Decodes a canonical unpadded base64url value.
     *
     * @throws IllegalArgumentException naming the first problem and its position (the value itself is not shown)
     */
    public static byte[] decode(CharSequence value) {
        return decode(value, 0, value.length());
    }

    /**
     * Decodes the characters from {@code start} (inclusive) to {@code end} (exclusive) of a value, which must be
     * canonical unpadded base64url; see {@link #check(CharSequence, int, int)}.
     *
     * @throws IllegalArgumentException naming the first problem and its position, counted from {@code start}
     */
    public static byte[] decode(CharSequence value, int start, int end) {
        check(value, start, end);
        int length = end - start;
        byte[] bytes = new byte[length * 3 / 4];
        int out = 0;
        int i = start;
        for (; i + 4 <= end; i += 4) {
            int bits = VALUES[value.charAt(i)] << 18 | VALUES[value.charAt(i + 1)] << 12
                    | VALUES[value.charAt(i + 2)] << 6 | VALUES[value.charAt(i + 3)];
            bytes[out++] = (byte) (bits >> 16);
            bytes[out++] = (byte) (bits >> 8);
            bytes[out++] = (byte) bits;
        }
        int left = end - i;
        if (left >= 2) {
            int bits = VALUES[value.charAt(i)] << 18 | VALUES[value.charAt(i + 1)] << 12
                    | (left == 3 ? VALUES[value.charAt(i + 2)] << 6 : 0);
            bytes[out++] = (byte) (bits >> 16);
            if (left == 3) {
                bytes[out] = (byte) (bits >> 8);
            }
        }
        return bytes;
    }

    /**
     * Checks, without decoding or allocating, that the characters from {@code start} to {@code end} of a value are
     * canonical unpadded base64url. An empty range is the encoding of no bytes.
     *
     * @throws IllegalArgumentException naming the first problem and its position, counted from {@code start}
     */
    public static void check(CharSequence value, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c >= VALUES.length || VALUES[c] < 0) {
                throw new IllegalArgumentException(describe(c) + " at position " + (i - start) + ": " + reason(c));
            }
        }
        int length = end - start;
        if (length % 4 == 1) {
            throw new IllegalArgumentException("length " + length
                    + " is not a base64url length (the last character would carry only 6 of a byte's 8 bits)");
        }
        // the last character carries 4 (two left over) or 2 (three left over) bits no byte uses; they must be zero
        int unusedBits = (length % 4 == 2) ? 0x0F : (length % 4 == 3) ? 0x03 : 0;
        if (unusedBits != 0 && (VALUES[value.charAt(end - 1)] & unusedBits) != 0) {
            throw new IllegalArgumentException(describe(value.charAt(end - 1)) + " at position " + (length - 1)
                    + " has unused bits set: a non-canonical spelling of the same bytes");
        }
    }

    private static String describe(char c) {
        return "character " + LogSafe.quote(String.valueOf(c));
    }

    private static String reason(char c) {
        if (c == '=') {
            return "padding is not allowed (RFC 7515 section 2: base64url without padding)";
        }
        if (c == '+' || c == '/') {
            return "standard base64 alphabet; base64url uses \"-\" and \"_\"";
        }
        return "not in the base64url alphabet (A-Z a-z 0-9 - _)";
    }
}
