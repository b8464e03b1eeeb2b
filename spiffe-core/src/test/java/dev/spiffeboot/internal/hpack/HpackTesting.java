package dev.spiffeboot.internal.hpack;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Helpers for the HPACK tests: hex blocks, a Huffman encoder built from {@link Huffman}'s table, a recording sink. */
final class HpackTesting {

    private HpackTesting() {
    }

    /** The octets of hex digits, spaces ignored (as the RFC prints them). */
    static byte[] hex(String digits) {
        return HexFormat.of().parseHex(digits.replace(" ", ""));
    }

    /** An integer (RFC 7541 section 5.1) after the bits {@code high}, for any value, even one too large for an int. */
    static byte[] integer(int high, int prefixBits, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long prefixMax = (1L << prefixBits) - 1;
        if (value < prefixMax) {
            out.write((int) (high | value));
            return out.toByteArray();
        }
        out.write((int) (high | prefixMax));
        long rest = value - prefixMax;
        while (rest >= 0x80) {
            out.write((int) (rest & 0x7f | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
        return out.toByteArray();
    }

    /** Octets and arrays of octets, joined. */
    static byte[] concat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof byte[]) {
                out.writeBytes((byte[]) part);
            }
            else if (part instanceof String) {
                out.writeBytes(((String) part).getBytes(StandardCharsets.ISO_8859_1));
            }
            else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    /** Huffman-codes octets with the code table under test, padding with ones. */
    static byte[] huffman(byte[] octets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long bits = 0;
        int count = 0;
        for (byte octet : octets) {
            int symbol = octet & 0xff;
            bits = bits << Huffman.length(symbol) | Huffman.code(symbol);
            count += Huffman.length(symbol);
            while (count >= 8) {
                out.write((int) (bits >>> (count - 8)));
                count -= 8;
            }
        }
        if (count > 0) {
            out.write((int) (bits << (8 - count)) | 0xff >>> count);
        }
        return out.toByteArray();
    }

    static byte[] huffman(String latin1) {
        return huffman(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Decodes one block and returns its fields. */
    static List<Map.Entry<String, String>> decode(HpackDecoder decoder, byte[] block) throws HpackException {
        Recorder recorder = new Recorder();
        decoder.decode(block, 0, block.length, recorder);
        return recorder.fields;
    }

    /** The dynamic table's entries, newest first, as "name: value". */
    static List<String> entries(HpackDecoder decoder) {
        DynamicTable table = decoder.dynamicTable();
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < table.length(); i++) {
            entries.add(table.name(i) + ": " + table.value(i));
        }
        return entries;
    }

    @SafeVarargs
    static List<Map.Entry<String, String>> fields(Map.Entry<String, String>... fields) {
        List<Map.Entry<String, String>> list = new ArrayList<>(fields.length);
        for (Map.Entry<String, String> field : fields) {
            list.add(field);
        }
        return List.copyOf(list);
    }

    static Map.Entry<String, String> field(String name, String value) {
        return Map.entry(name, value);
    }

    static final class Recorder implements HpackDecoder.HeaderSink {

        final List<Map.Entry<String, String>> fields = new ArrayList<>();

        @Override
        public void header(String name, String value) {
            fields.add(Map.entry(name, value));
        }
    }
}
