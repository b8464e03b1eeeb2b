package dev.spiffeboot.workloadapi.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Builds protobuf byte vectors by hand for the tests, independently of {@link ProtoWriter}. */
final class Bytes {

    private Bytes() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return out.toByteArray();
    }

    static byte[] tag(int number, int wireType) {
        return varint(((long) number << 3 | wireType) & 0xFFFFFFFFL);
    }

    /** A length-delimited field. */
    static byte[] len(int number, byte[] value) {
        return cat(tag(number, 2), varint(value.length), value);
    }

    static byte[] len(int number, String value) {
        return len(number, utf8(value));
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** An entry of a {@code map<string, bytes>}. */
    static byte[] entry(int number, String key, byte[] value) {
        return len(number, cat(len(1, key), len(2, value)));
    }
}
