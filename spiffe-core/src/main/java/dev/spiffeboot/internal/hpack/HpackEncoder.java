package dev.spiffeboot.internal.hpack;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Encodes header lists as HPACK header blocks (RFC 7541) in the simplest safe way: every field is a literal header
 * field without indexing (section 6.2.2), its name an index into the static table when the table has the name and
 * a literal otherwise, and every string is raw (no Huffman coding).
 * <p>
 * The dynamic table is never used, so the blocks do not depend on each other or on the peer's
 * SETTINGS_HEADER_TABLE_SIZE, and nothing is kept between calls: the methods are static and thread-safe.
 */
public final class HpackEncoder {

    // an integer takes at most 1 + 5 octets (2^31 - 1 with the smallest prefix, 4 bits, needs 5 continuation octets)
    private static final int MAX_INTEGER_OCTETS = 6;

    private HpackEncoder() {
    }

    /**
     * Encodes a header list as one header block.
     *
     * @param headers the header fields, in order: names in lowercase ASCII ({@code a-z 0-9} and
     *        {@code !#$%&'*+-.^_`|~}, with an optional leading {@code :} for pseudo-header fields), values of
     *        characters {@code U+0001} to {@code U+00FF} (sent as ISO-8859-1) other than CR and LF
     * @return the header block, to be sent in a HEADERS frame and, if larger than the peer's maximum frame size,
     *         CONTINUATION frames
     * @throws IllegalArgumentException if a name or value has a character not allowed above (the message names the
     *         header and the character's position, never the value)
     * @throws NullPointerException if the list, a field, a name or a value is null
     */
    public static byte[] encode(List<? extends Map.Entry<String, String>> headers) {
        // read each entry once, so that what is written is what was checked
        String[] names = new String[headers.size()];
        String[] values = new String[names.length];
        long bound = 0;
        for (int i = 0; i < names.length; i++) {
            Map.Entry<String, String> header = Objects.requireNonNull(headers.get(i), "header");
            String name = Objects.requireNonNull(header.getKey(), "header name");
            String value = Objects.requireNonNull(header.getValue(), "header value");
            checkName(name);
            checkValue(name, value);
            names[i] = name;
            values[i] = value;
            bound += 1 + 2L * MAX_INTEGER_OCTETS + name.length() + value.length();
        }
        if (bound > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("header list too large to encode");
        }
        byte[] out = new byte[(int) bound];
        int position = 0;
        for (int i = 0; i < names.length; i++) {
            int index = StaticTable.indexOfName(names[i]);
            position = writeInteger(out, position, 0x00, 4, index);
            if (index == 0) {
                position = writeString(out, position, names[i]);
            }
            position = writeString(out, position, values[i]);
        }
        return Arrays.copyOf(out, position);
    }

    private static void checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isNameCharacter(c) || c == ':' && i == 0 && name.length() > 1)) {
                throw new IllegalArgumentException("header name \"" + printable(name) + "\" has a character that is"
                        + " not allowed (lowercase ASCII token characters only), at index " + i);
            }
        }
    }

    private static boolean isNameCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static void checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c == '\r' || c == '\n' || c > 0xff) {
                throw new IllegalArgumentException("value of header \"" + name + "\" has a character that is not"
                        + " allowed (NUL, CR, LF or above U+00FF), at index " + i);
            }
        }
    }

    /** The name with characters outside printable ASCII replaced, for a message. */
    private static String printable(String name) {
        StringBuilder printable = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            printable.append(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
        }
        return printable.toString();
    }

    /** Writes an integer (RFC 7541 section 5.1) after the bits {@code high} in its first octet. */
    private static int writeInteger(byte[] out, int position, int high, int prefixBits, int value) {
        int prefixMax = (1 << prefixBits) - 1;
        if (value < prefixMax) {
            out[position++] = (byte) (high | value);
            return position;
        }
        out[position++] = (byte) (high | prefixMax);
        int rest = value - prefixMax;
        while (rest >= 0x80) {
            out[position++] = (byte) (rest & 0x7f | 0x80);
            rest >>>= 7;
        }
        out[position++] = (byte) rest;
        return position;
    }

    /** Writes a raw string literal; its characters were checked to be at most U+00FF. */
    private static int writeString(byte[] out, int position, String string) {
        position = writeInteger(out, position, 0x00, 7, string.length());
        for (int i = 0; i < string.length(); i++) {
            out[position++] = (byte) string.charAt(i);
        }
        return position;
    }
}
