package dev.spiffeboot.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal PEM (RFC 7468) reader and writer.
 * <p>
 * Internal to spiffe-spring-boot; not part of the public API.
 */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

    private Pem() {
    }

    /** A decoded PEM block: its label (e.g. {@code PRIVATE KEY}) and DER content. */
    public static final class Block {

        private final String label;

        private final byte[] der;

        Block(String label, byte[] der) {
            this.label = label;
            this.der = der;
        }

        public String label() {
            return this.label;
        }

        public byte[] der() {
            return this.der.clone();
        }
    }

    /** Whether the bytes look like PEM text rather than DER. */
    public static boolean isPem(byte[] data) {
        return new String(data, 0, Math.min(data.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN ");
    }

    /**
     * Reads every PEM block of the text, in order.
     *
     * @throws IllegalArgumentException if a block's body is not valid base64
     */
    public static List<Block> read(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            String body = matcher.group(2).replaceAll("\\s", "");
            blocks.add(new Block(matcher.group(1), Base64.getDecoder().decode(body)));
        }
        return blocks;
    }

    /** Writes one PEM block with 64-column lines. */
    public static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Certificates.base64Lines(der) + "\n-----END " + label + "-----\n";
    }
}
