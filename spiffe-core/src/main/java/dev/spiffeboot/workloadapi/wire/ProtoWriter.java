package dev.spiffeboot.workloadapi.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one protobuf message: tags, varints and length-delimited fields, in the order they are written (the
 * messages write their fields in field-number order, as protobuf-java does).
 */
final class ProtoWriter {

    private byte[] buffer = new byte[64];

    private int size;

    /** Writes the tag of field {@code number} with {@code wireType}. */
    void writeTag(int number, int wireType) {
        writeVarint32((number << 3) | wireType);
    }

    /** Writes {@code value} as an unsigned 32-bit varint (one to five bytes), as tags and lengths are. */
    void writeVarint32(int value) {
        while ((value & ~0x7F) != 0) {
            put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        put((byte) value);
    }

    /** Writes {@code value} as an unsigned 64-bit varint (one to ten bytes). */
    void writeVarint64(long value) {
        while ((value & ~0x7FL) != 0) {
            put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        put((byte) value);
    }

    /** Writes field {@code number}, of type {@code bytes} or an embedded message, even when empty. */
    void writeBytes(int number, byte[] value) {
        writeTag(number, ProtoReader.LENGTH_DELIMITED);
        writeVarint32(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, this.buffer, this.size, value.length);
        this.size += value.length;
    }

    /**
     * Writes field {@code number}, a {@code string}, in UTF-8, even when empty. An unpaired surrogate is written as
     * {@code ?}, as protobuf-java does.
     */
    void writeString(int number, String value) {
        writeBytes(number, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The message written so far. */
    byte[] toByteArray() {
        return Arrays.copyOf(this.buffer, this.size);
    }

    private void put(byte b) {
        ensure(1);
        this.buffer[this.size++] = b;
    }

    private void ensure(int more) {
        if (this.buffer.length - this.size < more) {
            this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.size + more));
        }
    }
}
