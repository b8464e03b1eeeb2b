package dev.spiffeboot.testing.fuzz;

import java.nio.charset.StandardCharsets;

/** A target whose input is one string, encoded as UTF-16 so that any string (lone surrogates too) replays exactly. */
public abstract class StringFuzzTarget implements FuzzTarget<String> {

    private static final int DESCRIBED_LENGTH = 400;

    @Override
    public byte[] encode(String input) {
        return input.getBytes(StandardCharsets.UTF_16BE);
    }

    @Override
    public String decode(byte[] encoded) {
        return new String(encoded, StandardCharsets.UTF_16BE);
    }

    @Override
    public String describe(String input) {
        return javaLiteral(input);
    }

    /** The string as a Java string literal, to paste into a regression test; long strings are cut. */
    public static String javaLiteral(String value) {
        StringBuilder literal = new StringBuilder("\"");
        int limit = Math.min(value.length(), DESCRIBED_LENGTH);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                literal.append('\\').append(c);
            }
            else if (c < 0x20 || c > 0x7e) {
                literal.append(String.format("\\u%04x", (int) c));
            }
            else {
                literal.append(c);
            }
        }
        literal.append('"');
        if (value.length() > limit) {
            literal.append(" ... (").append(value.length()).append(" chars)");
        }
        return literal.toString();
    }
}
