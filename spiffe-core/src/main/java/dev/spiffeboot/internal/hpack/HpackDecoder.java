package dev.spiffeboot.internal.hpack;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Decodes HPACK header blocks (RFC 7541) received on one HTTP/2 connection, keeping that connection's dynamic
 * table from one block to the next.
 * <p>
 * Names and values are decoded octet by octet as ISO-8859-1, so no octet is refused; checking names and values
 * (for instance refusing uppercase names, RFC 9113 section 8.2) is left to the caller.
 * <p>
 * Not thread-safe: blocks must be decoded one at a time and in the order they were received, as HTTP/2 requires.
 * After a block decoded without exception the dynamic table is as RFC 7541 defines it. After an
 * {@link HpackException} (or an exception thrown by a {@link HeaderSink}) the table may be left partly updated, so
 * the decoder must not be used again and the connection must be closed: a connection error of type
 * COMPRESSION_ERROR (RFC 9113 section 4.3). That includes a header list over {@code maxHeaderListSize}, since the
 * rest of the block is not decoded.
 */
public final class HpackDecoder {

    /** Receives the header fields of a block, in order. */
    @FunctionalInterface
    public interface HeaderSink {

        /**
         * One header field.
         *
         * @param name the name, as sent (ISO-8859-1, not checked)
         * @param value the value, as sent (ISO-8859-1, not checked)
         */
        void header(String name, String value);
    }

    private final int maxHeaderTableSize;

    private final int maxHeaderListSize;

    private final DynamicTable table;

    // the block being decoded: kept in fields rather than passed around, the decoder being single-threaded
    private byte[] block;

    private int start;

    private int position;

    private int end;

    /**
     * A decoder for one connection.
     *
     * @param maxHeaderTableSize the largest dynamic table size the peer may ask for, in octets: what is sent as
     *        SETTINGS_HEADER_TABLE_SIZE (4096 if not sent). The dynamic table starts at this size.
     * @param maxHeaderListSize the largest header list accepted in one block, in octets, counted as HTTP/2's
     *        SETTINGS_MAX_HEADER_LIST_SIZE is (each field's name and value length plus 32)
     * @throws IllegalArgumentException if a size is negative
     */
    public HpackDecoder(int maxHeaderTableSize, int maxHeaderListSize) {
        if (maxHeaderTableSize < 0 || maxHeaderListSize < 0) {
            throw new IllegalArgumentException("sizes must not be negative: maxHeaderTableSize " + maxHeaderTableSize
                    + ", maxHeaderListSize " + maxHeaderListSize);
        }
        this.maxHeaderTableSize = maxHeaderTableSize;
        this.maxHeaderListSize = maxHeaderListSize;
        this.table = new DynamicTable(maxHeaderTableSize);
    }

    /**
     * Decodes one complete header block (the fragments of a HEADERS frame and its CONTINUATION frames, joined),
     * passing each header field to the sink as soon as it is decoded.
     *
     * @param block the array holding the block
     * @param offset where the block starts in the array
     * @param length the block's length in octets
     * @param sink receives the header fields, in order
     * @throws HpackException if the block is malformed (a truncated representation, an index of 0 or past the
     *         tables, an integer over 2^31 - 1, bad Huffman code or padding, a dynamic table size update after a
     *         header field or over {@code maxHeaderTableSize}) or its header list is over {@code maxHeaderListSize};
     *         the message gives the offset, within the block, of the representation or string at fault. The
     *         decoder is then unusable.
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not fit the array
     */
    public void decode(byte[] block, int offset, int length, HeaderSink sink) throws HpackException {
        Objects.checkFromIndexSize(offset, length, block.length);
        Objects.requireNonNull(sink, "sink");
        this.block = block;
        this.start = offset;
        this.position = offset;
        this.end = offset + length;
        try {
            decodeFields(sink);
        }
        finally {
            this.block = null;
        }
    }

    /** The dynamic table, for tests. */
    DynamicTable dynamicTable() {
        return table;
    }

    private void decodeFields(HeaderSink sink) throws HpackException {
        boolean fieldSeen = false;
        long listSize = 0;
        while (position < end) {
            int at = position - start;
            int first = block[position++] & 0xff;
            String name;
            String value;
            if ((first & 0x80) != 0) {
                int index = readInteger(first, 7, at);
                name = nameAt(index, at);
                value = index <= StaticTable.LENGTH ? StaticTable.value(index)
                        : table.value(index - StaticTable.LENGTH - 1);
            }
            else if ((first & 0xe0) == 0x20) {
                if (fieldSeen) {
                    throw new HpackException("dynamic table size update after a header field, at offset " + at);
                }
                int size = readInteger(first, 5, at);
                if (size > maxHeaderTableSize) {
                    throw new HpackException("dynamic table size update to " + size + " exceeds the limit of "
                            + maxHeaderTableSize + ", at offset " + at);
                }
                table.setCapacity(size);
                continue;
            }
            else {
                boolean indexing = (first & 0xc0) == 0x40;
                int index = readInteger(first, indexing ? 6 : 4, at);
                name = index == 0 ? readString() : nameAt(index, at);
                value = readString();
                if (indexing) {
                    table.add(name, value);
                }
            }
            fieldSeen = true;
            listSize += DynamicTable.entrySize(name, value);
            if (listSize > maxHeaderListSize) {
                throw new HpackException("header list size exceeds the limit of " + maxHeaderListSize
                        + " octets, at offset " + at);
            }
            sink.header(name, value);
        }
    }

    private String nameAt(int index, int at) throws HpackException {
        if (index == 0) {
            throw new HpackException("index 0, at offset " + at);
        }
        if (index <= StaticTable.LENGTH) {
            return StaticTable.name(index);
        }
        int dynamicIndex = index - StaticTable.LENGTH - 1;
        if (dynamicIndex >= table.length()) {
            throw new HpackException("index " + index + " is past the tables (" + StaticTable.LENGTH + " static and "
                    + table.length() + " dynamic entries), at offset " + at);
        }
        return table.name(dynamicIndex);
    }

    /**
     * Reads an integer (RFC 7541 section 5.1) whose prefix is the low {@code prefixBits} bits of {@code first}, the
     * octet just read.
     */
    private int readInteger(int first, int prefixBits, int at) throws HpackException {
        int prefixMax = (1 << prefixBits) - 1;
        int prefix = first & prefixMax;
        if (prefix < prefixMax) {
            return prefix;
        }
        long value = prefix;
        // five continuation octets hold 35 bits, enough for any int; more could only be padding with zeros
        for (int shift = 0; shift <= 28; shift += 7) {
            if (position == end) {
                throw new HpackException("truncated integer, at offset " + at);
            }
            int octet = block[position++] & 0xff;
            value += (long) (octet & 0x7f) << shift;
            if (value > Integer.MAX_VALUE) {
                throw new HpackException("integer exceeds 2^31 - 1, at offset " + at);
            }
            if ((octet & 0x80) == 0) {
                return (int) value;
            }
        }
        throw new HpackException("integer longer than 5 continuation octets, at offset " + at);
    }

    /** Reads a string literal (RFC 7541 section 5.2). */
    private String readString() throws HpackException {
        int at = position - start;
        if (position == end) {
            throw new HpackException("truncated block: string literal expected at offset " + at);
        }
        int first = block[position++] & 0xff;
        int length = readInteger(first, 7, at);
        if (length > end - position) {
            throw new HpackException("truncated string literal of " + length + " octets, at offset " + at);
        }
        int from = position;
        position += length;
        if ((first & 0x80) == 0) {
            return new String(block, from, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return Huffman.decode(block, from, length);
        }
        catch (HpackException ex) {
            throw new HpackException(ex.getMessage() + ", at offset " + at);
        }
    }
}
