package dev.spiffeboot.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.spiffeboot.internal.hpack.HpackDecoder;
import dev.spiffeboot.internal.hpack.HpackEncoder;
import dev.spiffeboot.internal.hpack.HpackException;
import dev.spiffeboot.internal.hpack.HpackFuzzAccess;

import static dev.spiffeboot.testing.fuzz.Checks.check;

/**
 * HPACK header blocks (RFC 7541), a connection's worth at a time: {@link HpackDecoder#decode} refuses with
 * {@link HpackException} only. An input is a decoder's two limits and a sequence of blocks decoded by one decoder, so
 * that the dynamic table carries from block to block. Inputs are valid sequences (indexed fields of both tables,
 * literals with and without indexing and never indexed, names indexed or literal, raw and Huffman-coded strings,
 * table size updates, integers with redundant continuation octets, entries that evict others or do not fit), then
 * mutated byte by byte, spliced, reordered, or decoded under smaller limits. Every block is decoded again by a
 * reference decoder written here from the RFC (sharing only its constant tables): the fields passed to the sink, the
 * decision to accept or refuse, and after an accepted block the dynamic table must be the reference's. No block may
 * pass fields over the header list size limit to the sink, blocks are decoded from inside a larger array (and must
 * not be read past), and accepted fields that {@link HpackEncoder} can send must decode again from its encoding.
 */
public final class HpackFuzzTarget implements FuzzTarget<HpackFuzzTarget.Blocks> {

    /**
     * One connection's header blocks.
     *
     * @param maxTableSize the decoder's {@code maxHeaderTableSize}, 0 to 65535
     * @param maxListSize the decoder's {@code maxHeaderListSize}, 0 to 65535
     * @param blocks the blocks, in the order decoded
     */
    public record Blocks(int maxTableSize, int maxListSize, List<byte[]> blocks) {
    }

    private static final int[] TABLE_SIZES = { 0, 32, 64, 100, 256, 1024, 4096, 4096 };

    private static final int[] LIST_SIZES = { 0, 40, 100, 300, 1000, 8192 };

    private static final int ROOMY_LIST_SIZE = 65535;

    private static final List<String> NAMES = List.of(":status", "content-type", "grpc-status", "grpc-message",
            "grpc-encoding", "grpc-accept-encoding", "grpc-status-details-bin", "te", "date", "server", "x-custom-key",
            "Upper-Case", "", "with space", "\u0000", "\u00ff\u0080", "cookie", "set-cookie", ":path", "accept-encoding");

    private static final List<String> VALUES = List.of("200", "404", "application/grpc", "application/grpc+proto", "0",
            "14", "trailers", "", "gzip", "identity,deflate,gzip", "no-cache", "\u0000\u00ff\u0080~", "\r\n",
            "unavailable: connection refused", "Mon, 21 Oct 2013 20:13:21 GMT", "custom-value", "%E2%82%AC");

    private static final int DESCRIBED_BLOCK_BYTES = 120;

    /** Indexed fields (:method GET, :path /): each block is decoded from between two runs of them. */
    private static final byte[] AROUND = { (byte) 0x82, (byte) 0x84, (byte) 0x82 };

    private final List<byte[]> seeds = new ArrayList<>();

    public HpackFuzzTarget() {
        HexFormat hex = HexFormat.of();
        // RFC 7541 Appendix C.3 and C.4 (requests without and with Huffman coding), C.5 and C.6 (responses)
        for (String block : new String[] { "828684410f7777772e6578616d706c652e636f6d",
            "828684be58086e6f2d6361636865", "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565",
            "828684418cf1e3c2e5f23a6ba0ab90f4ff", "828684be5886a8eb10649cbf",
            "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf",
            "4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d",
            "4803333037c1c0bf", "20", "3fe11f", "3f21bebfc0", "1008" + "70617373776f7264" + "06" + "736563726574" }) {
            this.seeds.add(hex.parseHex(block));
        }
    }

    @Override
    public String name() {
        return "hpack";
    }

    @Override
    public Blocks generate(FuzzRandom random) {
        int maxTableSize = random.oneIn(4) ? random.below(8193) : TABLE_SIZES[random.below(TABLE_SIZES.length)];
        int maxListSize = random.oneIn(3) ? LIST_SIZES[random.below(LIST_SIZES.length)] : ROOMY_LIST_SIZE;
        ReferenceTable mirror = new ReferenceTable(maxTableSize);
        List<byte[]> blocks = new ArrayList<>();
        for (int count = 1 + random.size(5); count > 0; count--) {
            blocks.add(validBlock(random, mirror, maxTableSize));
        }
        switch (random.below(10)) {
            case 0:
            case 1:
            case 2:
                break;
            case 3:
            case 4:
            case 5:
            case 6: {
                List<byte[]> others = new ArrayList<>(blocks);
                others.addAll(this.seeds);
                for (int mutations = 1 + random.size(2); mutations > 0; mutations--) {
                    int at = random.below(blocks.size());
                    blocks.set(at, ByteMutator.mutate(random, blocks.get(at), others));
                }
                break;
            }
            case 7:
                reorder(random, blocks);
                break;
            case 8:
                // the same blocks under tighter limits, or a seed of the RFC's among them
                if (random.nextBoolean()) {
                    return new Blocks(random.below(maxTableSize + 1), random.below(Math.min(maxListSize, 2000) + 1), blocks);
                }
                blocks.add(random.below(blocks.size() + 1), random.pick(this.seeds));
                break;
            default:
                for (int i = random.below(blocks.size()); i < blocks.size(); i++) {
                    blocks.set(i, random.bytes(random.size(64)));
                }
        }
        return new Blocks(maxTableSize, maxListSize, blocks);
    }

    private static void reorder(FuzzRandom random, List<byte[]> blocks) {
        int at = random.below(blocks.size());
        switch (random.below(3)) {
            case 0:
                blocks.remove(at);
                break;
            case 1:
                blocks.add(at, blocks.get(random.below(blocks.size())));
                break;
            default:
                blocks.add(blocks.remove(at));
        }
    }

    /** A valid block, the mirror of the dynamic table updated as a decoder's would be. */
    private static byte[] validBlock(FuzzRandom random, ReferenceTable mirror, int maxTableSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (random.oneIn(4)) {
            for (int updates = 1 + random.size(2); updates > 0; updates--) {
                int size = random.oneIn(3) ? maxTableSize : random.below(maxTableSize + 1);
                writeInteger(random, out, 0x20, 5, size);
                mirror.setCapacity(size);
            }
        }
        for (int fields = random.size(12); fields > 0; fields--) {
            int kind = random.below(5);
            if (kind == 0) {
                writeInteger(random, out, 0x80, 7, nameIndex(random, mirror));
                continue;
            }
            int high = kind == 1 || kind == 2 ? 0x40 : kind == 3 ? 0x00 : 0x10;
            int prefixBits = high == 0x40 ? 6 : 4;
            String name;
            if (random.oneIn(3)) {
                writeInteger(random, out, high, prefixBits, 0);
                name = randomName(random);
                writeString(random, out, name);
            }
            else {
                int index = nameIndex(random, mirror);
                writeInteger(random, out, high, prefixBits, index);
                name = index <= HpackFuzzAccess.STATIC_TABLE_LENGTH ? HpackFuzzAccess.staticName(index)
                        : mirror.entries.get(index - HpackFuzzAccess.STATIC_TABLE_LENGTH - 1).getKey();
            }
            String value = randomValue(random);
            writeString(random, out, value);
            if (high == 0x40) {
                mirror.add(name, value);
            }
        }
        return out.toByteArray();
    }

    private static int nameIndex(FuzzRandom random, ReferenceTable mirror) {
        if (!mirror.entries.isEmpty() && random.nextBoolean()) {
            return HpackFuzzAccess.STATIC_TABLE_LENGTH + 1 + random.below(mirror.entries.size());
        }
        return 1 + random.below(HpackFuzzAccess.STATIC_TABLE_LENGTH);
    }

    private static String randomName(FuzzRandom random) {
        return random.oneIn(4) ? latin1(random, random.size(40)) : random.pick(NAMES);
    }

    private static String randomValue(FuzzRandom random) {
        switch (random.below(6)) {
            case 0:
                return latin1(random, random.size(80));
            case 1:
                // long enough to evict entries, not fit in a small table, or go over a header list limit
                return "v".repeat(random.size(5000));
            default:
                return random.pick(VALUES);
        }
    }

    private static String latin1(FuzzRandom random, int length) {
        StringBuilder latin1 = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            latin1.append((char) (random.nextBoolean() ? random.between(0x20, 0x7e) : random.below(256)));
        }
        return latin1.toString();
    }

    /** An integer (RFC 7541 section 5.1), now and then with redundant continuation octets (at most five in all). */
    private static void writeInteger(FuzzRandom random, ByteArrayOutputStream out, int high, int prefixBits, int value) {
        int prefixMax = (1 << prefixBits) - 1;
        if (value < prefixMax) {
            out.write(high | value);
            return;
        }
        out.write(high | prefixMax);
        List<Integer> octets = new ArrayList<>();
        int rest = value - prefixMax;
        do {
            octets.add(rest & 0x7f);
            rest >>>= 7;
        } while (rest != 0);
        if (random.oneIn(16)) {
            for (int padding = random.between(1, 5 - octets.size() + 1); padding > 0 && octets.size() < 5; padding--) {
                octets.add(0);
            }
        }
        for (int i = 0; i < octets.size(); i++) {
            out.write(octets.get(i) | (i < octets.size() - 1 ? 0x80 : 0));
        }
    }

    /** A string literal (RFC 7541 section 5.2), raw or Huffman-coded. */
    private static void writeString(FuzzRandom random, ByteArrayOutputStream out, String value) {
        byte[] octets = value.getBytes(StandardCharsets.ISO_8859_1);
        if (random.nextBoolean()) {
            byte[] coded = huffman(octets);
            writeInteger(random, out, 0x80, 7, coded.length);
            out.writeBytes(coded);
        }
        else {
            writeInteger(random, out, 0x00, 7, octets.length);
            out.writeBytes(octets);
        }
    }

    /** Huffman-codes octets, padding with ones. */
    static byte[] huffman(byte[] octets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long bits = 0;
        int count = 0;
        for (byte octet : octets) {
            int symbol = octet & 0xff;
            bits = bits << HpackFuzzAccess.huffmanLength(symbol) | HpackFuzzAccess.huffmanCode(symbol);
            count += HpackFuzzAccess.huffmanLength(symbol);
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

    @Override
    public void run(Blocks input) throws HpackException {
        HpackDecoder decoder = new HpackDecoder(input.maxTableSize(), input.maxListSize());
        ReferenceDecoder reference = new ReferenceDecoder(input.maxTableSize(), input.maxListSize());
        for (int b = 0; b < input.blocks().size(); b++) {
            byte[] block = input.blocks().get(b);
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            long[] listSize = { 0 };
            HpackException refusal = null;
            // from inside a larger array, between octets that would decode as fields if read
            byte[] buffer = new byte[AROUND.length * 2 + block.length];
            System.arraycopy(AROUND, 0, buffer, 0, AROUND.length);
            System.arraycopy(block, 0, buffer, AROUND.length, block.length);
            System.arraycopy(AROUND, 0, buffer, AROUND.length + block.length, AROUND.length);
            try {
                decoder.decode(buffer, AROUND.length, block.length, (name, value) -> {
                    check(name != null && value != null, "a null name or value");
                    listSize[0] += name.length() + value.length() + 32L;
                    check(listSize[0] <= input.maxListSize(), "fields over the header list size limit were passed to the sink");
                    fields.add(Map.entry(name, value));
                });
            }
            catch (HpackException ex) {
                refusal = ex;
            }
            List<Map.Entry<String, String>> expected = new ArrayList<>();
            String refusedBecause = reference.decode(block, expected);
            if (!fields.equals(expected)) {
                throw new AssertionError("the fields of a block are not the reference decoder's, block #" + b + ": "
                        + cut(fields.toString()) + " instead of " + cut(expected.toString()));
            }
            if (refusal != null) {
                check(refusedBecause != null, "a block the reference decoder accepts was refused, block #" + b + ": " + refusal.getMessage());
                throw refusal;
            }
            if (refusedBecause != null) {
                throw new AssertionError("a block the reference decoder refuses was accepted, block #" + b + ": " + refusedBecause);
            }
            List<Map.Entry<String, String>> table = HpackFuzzAccess.dynamicTable(decoder);
            int[] sizeAndCapacity = HpackFuzzAccess.dynamicTableSizeAndCapacity(decoder);
            if (!table.equals(reference.table.entries) || sizeAndCapacity[0] != reference.table.size
                    || sizeAndCapacity[1] != reference.table.capacity) {
                throw new AssertionError("the dynamic table is not the reference decoder's after block #" + b + ": "
                        + cut(table.toString()) + " (size " + sizeAndCapacity[0] + ", capacity " + sizeAndCapacity[1]
                        + ") instead of " + cut(reference.table.entries.toString()) + " (size " + reference.table.size
                        + ", capacity " + reference.table.capacity + ")");
            }
            checkReencoded(fields);
        }
    }

    /** Fields that {@link HpackEncoder} can send (it refuses some names and values) decode again from its block. */
    private static void checkReencoded(List<Map.Entry<String, String>> fields) throws HpackException {
        byte[] encoded;
        try {
            encoded = HpackEncoder.encode(fields);
        }
        catch (IllegalArgumentException ex) {
            return;
        }
        List<Map.Entry<String, String>> decoded = new ArrayList<>();
        new HpackDecoder(0, Integer.MAX_VALUE).decode(encoded, 0, encoded.length, (name, value) -> decoded.add(Map.entry(name, value)));
        if (!decoded.equals(fields)) {
            throw new AssertionError("fields encoded by HpackEncoder decode as others: " + cut(decoded.toString()));
        }
    }

    private static String cut(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    @Override
    public boolean isDocumented(Throwable thrown) {
        return thrown instanceof HpackException;
    }

    /** The two limits (two octets each, big-endian), then each block after its length (two octets). */
    @Override
    public byte[] encode(Blocks input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeShort(out, input.maxTableSize());
        writeShort(out, input.maxListSize());
        for (byte[] block : input.blocks()) {
            writeShort(out, block.length);
            out.writeBytes(block);
        }
        return out.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    /** Reads any bytes (as Jazzer makes them): what is missing is taken as zero, a cut block as what is there. */
    @Override
    public Blocks decode(byte[] encoded) {
        int maxTableSize = readShort(encoded, 0);
        int maxListSize = readShort(encoded, 2);
        List<byte[]> blocks = new ArrayList<>();
        int at = 4;
        while (at < encoded.length) {
            int length = Math.min(readShort(encoded, at), Math.max(0, encoded.length - at - 2));
            at += 2;
            byte[] block = new byte[length];
            System.arraycopy(encoded, at, block, 0, length);
            blocks.add(block);
            at += length;
        }
        return new Blocks(maxTableSize, maxListSize, blocks);
    }

    private static int readShort(byte[] bytes, int at) {
        int high = at < bytes.length ? bytes[at] & 0xff : 0;
        int low = at + 1 < bytes.length ? bytes[at + 1] & 0xff : 0;
        return high << 8 | low;
    }

    @Override
    public String describe(Blocks input) {
        StringBuilder description = new StringBuilder();
        description.append("maxHeaderTableSize ").append(input.maxTableSize()).append(", maxHeaderListSize ")
            .append(input.maxListSize()).append(", ").append(input.blocks().size()).append(" block(s):");
        for (byte[] block : input.blocks()) {
            description.append(' ').append(HexFormat.of().formatHex(block, 0, Math.min(block.length, DESCRIBED_BLOCK_BYTES)));
            if (block.length > DESCRIBED_BLOCK_BYTES) {
                description.append("...(").append(block.length).append(" bytes)");
            }
            description.append(" |");
        }
        return description.toString();
    }

    /** The dynamic table of RFC 7541 section 4, as simply as it can be kept: a list, newest entry first. */
    static final class ReferenceTable {

        final List<Map.Entry<String, String>> entries = new ArrayList<>();

        int size;

        int capacity;

        ReferenceTable(int capacity) {
            this.capacity = capacity;
        }

        void setCapacity(int capacity) {
            this.capacity = capacity;
            evictUntil(capacity);
        }

        /** Section 4.4: room is made first; an entry larger than the whole table empties it and is not added. */
        void add(String name, String value) {
            int entrySize = name.length() + value.length() + 32;
            if (entrySize > this.capacity) {
                evictUntil(0);
                return;
            }
            evictUntil(this.capacity - entrySize);
            this.entries.add(0, Map.entry(name, value));
            this.size += entrySize;
        }

        private void evictUntil(int maxSize) {
            while (this.size > maxSize) {
                Map.Entry<String, String> oldest = this.entries.remove(this.entries.size() - 1);
                this.size -= oldest.getKey().length() + oldest.getValue().length() + 32;
            }
        }
    }

    /** A block the reference decoder refuses; no stack trace, as refusals are common. */
    private static final class Refused extends Exception {

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * A decoder written from RFC 7541 alone, slowly and plainly: integers and Huffman codes read bit by bit. Its
     * limits are those the decoder documents: integers up to 2^31 - 1 in at most five continuation octets, table size
     * updates up to {@code maxTableSize} and only before the first field of a block, and a header list no larger than
     * {@code maxListSize} (counting 32 octets per field, as HTTP/2 does).
     */
    static final class ReferenceDecoder {

        private static final Map<Long, Integer> SYMBOLS = new HashMap<>();

        static {
            for (int symbol = 0; symbol <= 256; symbol++) {
                SYMBOLS.put((long) HpackFuzzAccess.huffmanLength(symbol) << 32 | HpackFuzzAccess.huffmanCode(symbol), symbol);
            }
        }

        private final int maxTableSize;

        private final int maxListSize;

        final ReferenceTable table;

        private byte[] block;

        private int position;

        ReferenceDecoder(int maxTableSize, int maxListSize) {
            this.maxTableSize = maxTableSize;
            this.maxListSize = maxListSize;
            this.table = new ReferenceTable(maxTableSize);
        }

        /** Decodes a block into {@code fields}; null if it is accepted, else why it is refused. */
        String decode(byte[] block, List<Map.Entry<String, String>> fields) {
            this.block = block;
            this.position = 0;
            try {
                decodeFields(fields);
                return null;
            }
            catch (Refused refused) {
                return refused.getMessage();
            }
        }

        private void decodeFields(List<Map.Entry<String, String>> fields) throws Refused {
            boolean fieldSeen = false;
            long listSize = 0;
            while (this.position < this.block.length) {
                int first = this.block[this.position] & 0xff;
                String name;
                String value;
                if (first >= 0x80) {
                    // section 6.1, indexed header field
                    Map.Entry<String, String> entry = entry(readInteger(7));
                    name = entry.getKey();
                    value = entry.getValue();
                }
                else if (first >= 0x40) {
                    // section 6.2.1, literal with incremental indexing
                    int index = readInteger(6);
                    name = index == 0 ? readString() : entry(index).getKey();
                    value = readString();
                    this.table.add(name, value);
                }
                else if (first >= 0x20) {
                    // section 6.3, dynamic table size update
                    if (fieldSeen) {
                        throw new Refused("size update after a field");
                    }
                    int size = readInteger(5);
                    if (size > this.maxTableSize) {
                        throw new Refused("size update over the limit");
                    }
                    this.table.setCapacity(size);
                    continue;
                }
                else {
                    // sections 6.2.2 and 6.2.3, literal without indexing and never indexed
                    int index = readInteger(4);
                    name = index == 0 ? readString() : entry(index).getKey();
                    value = readString();
                }
                fieldSeen = true;
                listSize += name.length() + value.length() + 32L;
                if (listSize > this.maxListSize) {
                    throw new Refused("header list over the limit");
                }
                fields.add(Map.entry(name, value));
            }
        }

        private Map.Entry<String, String> entry(int index) throws Refused {
            if (index == 0) {
                throw new Refused("index 0");
            }
            if (index <= HpackFuzzAccess.STATIC_TABLE_LENGTH) {
                return Map.entry(HpackFuzzAccess.staticName(index), HpackFuzzAccess.staticValue(index));
            }
            int dynamic = index - HpackFuzzAccess.STATIC_TABLE_LENGTH - 1;
            if (dynamic >= this.table.entries.size()) {
                throw new Refused("index past the tables");
            }
            return this.table.entries.get(dynamic);
        }

        /** Section 5.1: the prefix is the low {@code prefixBits} bits of the octet at the position. */
        private int readInteger(int prefixBits) throws Refused {
            if (this.position == this.block.length) {
                throw new Refused("integer expected");
            }
            int prefixMax = (1 << prefixBits) - 1;
            int value = this.block[this.position++] & prefixMax;
            if (value < prefixMax) {
                return value;
            }
            long sum = value;
            for (int continuation = 0; ; continuation++) {
                if (continuation == 5) {
                    throw new Refused("more than five continuation octets");
                }
                if (this.position == this.block.length) {
                    throw new Refused("truncated integer");
                }
                int octet = this.block[this.position++] & 0xff;
                sum += (long) (octet & 0x7f) << (7 * continuation);
                if (sum > Integer.MAX_VALUE) {
                    throw new Refused("integer over 2^31 - 1");
                }
                if ((octet & 0x80) == 0) {
                    return (int) sum;
                }
            }
        }

        /** Section 5.2. */
        private String readString() throws Refused {
            if (this.position == this.block.length) {
                throw new Refused("string expected");
            }
            boolean huffman = (this.block[this.position] & 0x80) != 0;
            int length = readInteger(7);
            if (length > this.block.length - this.position) {
                throw new Refused("truncated string");
            }
            int from = this.position;
            this.position += length;
            return huffman ? huffmanDecode(from, length) : new String(this.block, from, length, StandardCharsets.ISO_8859_1);
        }

        /** Appendix B, bit by bit; section 5.2: padding is a prefix of EOS (all ones) no longer than seven bits. */
        private String huffmanDecode(int from, int length) throws Refused {
            StringBuilder decoded = new StringBuilder();
            long code = 0;
            int bits = 0;
            for (int i = from * 8; i < (from + length) * 8; i++) {
                code = code << 1 | (this.block[i / 8] >>> (7 - i % 8) & 1);
                bits++;
                Integer symbol = SYMBOLS.get((long) bits << 32 | code);
                if (symbol != null) {
                    if (symbol == 256) {
                        throw new Refused("EOS in a Huffman-coded string");
                    }
                    decoded.append((char) (int) symbol);
                    code = 0;
                    bits = 0;
                }
                else if (bits > 30) {
                    throw new IllegalStateException("the Huffman code is not complete");
                }
            }
            if (bits > 7) {
                throw new Refused("Huffman padding longer than seven bits");
            }
            if (code != (1L << bits) - 1) {
                throw new Refused("Huffman padding not all ones");
            }
            return decoded.toString();
        }
    }
}
