package dev.spiffeboot.workloadapi.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Reads one protobuf message from a range of a byte array, field by field: {@link #nextField()} reads a tag, then
 * the caller reads the field's value with the method of its type or {@link #skipField() skips} it.
 * <p>
 * Refused, with an {@link InvalidMessageException}: truncated input, varints longer than ten bytes, field number 0,
 * wire types 3 and 4 (groups, which proto3 never produces) and 6 and 7, negative lengths or lengths past the end of
 * the enclosing message, a known field with the wrong wire type, and strings that are not UTF-8. Unknown fields of
 * wire types 0, 1, 2 and 5 are skipped. No array is allocated with more elements than the bytes left in the message.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    static final byte[] EMPTY = new byte[0];

    /** In place of a field name: an error in the message itself, such as a truncated tag. */
    private static final String MESSAGE = "";

    /** In place of a field name: an error in the current field, an unknown one. */
    private static final String UNKNOWN = null;

    private final byte[] buffer;

    private final int limit;

    private final String message;

    private final CharsetDecoder utf8;

    private int position;

    private int tag;

    private ProtoReader(byte[] buffer, int position, int limit, String message, CharsetDecoder utf8) {
        this.buffer = buffer;
        this.position = position;
        this.limit = limit;
        this.message = message;
        this.utf8 = utf8;
    }

    /**
     * A reader of the message in {@code length} bytes of {@code buffer} from {@code offset}.
     *
     * @param message the protobuf name of the message, for error messages
     * @throws IndexOutOfBoundsException if the range is not within the array
     */
    static ProtoReader of(byte[] buffer, int offset, int length, String message) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        // protobuf-java refuses malformed UTF-8 in proto3 strings rather than replacing it, and so does this reader
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new ProtoReader(buffer, offset, offset + length, message, utf8);
    }

    /** Reads the next tag; false at the end of the message. */
    boolean nextField() throws InvalidMessageException {
        if (this.position == this.limit) {
            return false;
        }
        int next = (int) readVarint(MESSAGE, "tag");
        int number = next >>> 3;
        int wireType = next & 7;
        if (number == 0) {
            throw new InvalidMessageException(this.message + ": field number 0");
        }
        this.tag = next;
        if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH_DELIMITED && wireType != FIXED32) {
            throw invalid(UNKNOWN, "unsupported wire type " + wireType);
        }
        return true;
    }

    /** The number of the field whose tag {@link #nextField()} read. */
    int fieldNumber() {
        return this.tag >>> 3;
    }

    /** The value of the current field, a proto3 {@code string}: UTF-8 is required. */
    String readString(String field) throws InvalidMessageException {
        int length = readLength(field);
        if (length == 0) {
            return "";
        }
        try {
            String value = this.utf8.decode(ByteBuffer.wrap(this.buffer, this.position, length)).toString();
            this.position += length;
            return value;
        }
        catch (CharacterCodingException ex) {
            throw invalid(field, "not UTF-8");
        }
    }

    /** The value of the current field, of type {@code bytes}, in a new array. */
    byte[] readBytes(String field) throws InvalidMessageException {
        int length = readLength(field);
        if (length == 0) {
            return EMPTY;
        }
        byte[] value = new byte[length];
        System.arraycopy(this.buffer, this.position, value, 0, length);
        this.position += length;
        return value;
    }

    /**
     * A reader of the current field, an embedded message, bounded by its length; this reader moves past it.
     *
     * @param type the protobuf name of the embedded message, for error messages
     */
    ProtoReader readMessage(String field, String type) throws InvalidMessageException {
        int length = readLength(field);
        ProtoReader embedded = new ProtoReader(this.buffer, this.position, this.position + length, type, this.utf8);
        this.position += length;
        return embedded;
    }

    /**
     * Reads the current field, an entry of a {@code map<string, bytes>}, into {@code map}. As in protobuf-java, a
     * missing key or value is the default and a key seen before takes the new value.
     *
     * @param type the protobuf name of the entry message, for error messages
     */
    void readMapEntry(String field, String type, Map<String, byte[]> map) throws InvalidMessageException {
        ProtoReader entry = readMessage(field, type);
        String key = "";
        byte[] value = EMPTY;
        while (entry.nextField()) {
            switch (entry.fieldNumber()) {
                case 1 -> key = entry.readString("key");
                case 2 -> value = entry.readBytes("value");
                default -> entry.skipField();
            }
        }
        map.put(key, value);
    }

    /** Skips the current field, a known one of a length-delimited type whose value is not wanted. */
    void skipLengthDelimited(String field) throws InvalidMessageException {
        int length = readLength(field);
        this.position += length;
    }

    /** Skips the current field, an unknown one. */
    void skipField() throws InvalidMessageException {
        switch (this.tag & 7) {
            case VARINT -> readVarint(UNKNOWN, "value");
            case FIXED64 -> skipFixed(8);
            case FIXED32 -> skipFixed(4);
            default -> skipLengthDelimited(UNKNOWN);
        }
    }

    private void skipFixed(int size) throws InvalidMessageException {
        if (this.limit - this.position < size) {
            throw invalid(UNKNOWN, "truncated");
        }
        this.position += size;
    }

    /** The length of the current field, which must be length-delimited, checked against the bytes left. */
    private int readLength(String field) throws InvalidMessageException {
        int wireType = this.tag & 7;
        if (wireType != LENGTH_DELIMITED) {
            throw invalid(field, "wire type " + wireType + " where 2 (length-delimited) is expected");
        }
        // protobuf-java reads lengths as 32-bit varints, keeping the low 32 bits of a longer one
        int length = (int) readVarint(field, "length");
        if (length < 0) {
            throw invalid(field, "negative length");
        }
        if (length > this.limit - this.position) {
            throw invalid(field, "length past the end of the message");
        }
        return length;
    }

    /** A varint of at most ten bytes; bits beyond the 64th are dropped, as protobuf-java does. */
    private long readVarint(String field, String what) throws InvalidMessageException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (this.position == this.limit) {
                throw invalid(field, "truncated " + what);
            }
            byte b = this.buffer[this.position++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw invalid(field, what + " is a varint longer than 10 bytes");
    }

    /**
     * An error in {@code field} of this message, or in the current field if it is unknown ({@link #UNKNOWN}), or in
     * the message itself ({@link #MESSAGE}); built only on error, so that reading builds no strings.
     */
    private InvalidMessageException invalid(String field, String problem) {
        String where;
        if (field == null) {
            where = this.message + " field " + fieldNumber();
        }
        else if (field.isEmpty()) {
            where = this.message;
        }
        else {
            where = this.message + "." + field;
        }
        return new InvalidMessageException(where + ": " + problem);
    }
}
