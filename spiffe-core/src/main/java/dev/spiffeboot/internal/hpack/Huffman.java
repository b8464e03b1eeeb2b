package dev.spiffeboot.internal.hpack;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decoding of the Huffman code of RFC 7541 Appendix B, with the padding rules of section 5.2.
 * <p>
 * The code is turned, once, into a table of 256-entry nodes: each step of decoding looks up the next eight bits in
 * the current node, which gives either a symbol and how many of those bits its code takes, or the node for codes
 * longer than eight bits. Bits are read from a 64-bit accumulator refilled a byte at a time.
 */
final class Huffman {

    private static final int EOS = 256;

    /** The code of each symbol (the octets 0-255 and EOS), right-aligned, as in RFC 7541 Appendix B. */
    private static final int[] CODES = {
        0x00001ff8, 0x007fffd8, 0x0fffffe2, 0x0fffffe3, 0x0fffffe4, 0x0fffffe5, 0x0fffffe6, 0x0fffffe7,     // 0-7
        0x0fffffe8, 0x00ffffea, 0x3ffffffc, 0x0fffffe9, 0x0fffffea, 0x3ffffffd, 0x0fffffeb, 0x0fffffec,     // 8-15
        0x0fffffed, 0x0fffffee, 0x0fffffef, 0x0ffffff0, 0x0ffffff1, 0x0ffffff2, 0x3ffffffe, 0x0ffffff3,     // 16-23
        0x0ffffff4, 0x0ffffff5, 0x0ffffff6, 0x0ffffff7, 0x0ffffff8, 0x0ffffff9, 0x0ffffffa, 0x0ffffffb,     // 24-31
        0x00000014, 0x000003f8, 0x000003f9, 0x00000ffa, 0x00001ff9, 0x00000015, 0x000000f8, 0x000007fa,     // 32-39
        0x000003fa, 0x000003fb, 0x000000f9, 0x000007fb, 0x000000fa, 0x00000016, 0x00000017, 0x00000018,     // 40-47
        0x00000000, 0x00000001, 0x00000002, 0x00000019, 0x0000001a, 0x0000001b, 0x0000001c, 0x0000001d,     // 48-55
        0x0000001e, 0x0000001f, 0x0000005c, 0x000000fb, 0x00007ffc, 0x00000020, 0x00000ffb, 0x000003fc,     // 56-63
        0x00001ffa, 0x00000021, 0x0000005d, 0x0000005e, 0x0000005f, 0x00000060, 0x00000061, 0x00000062,     // 64-71
        0x00000063, 0x00000064, 0x00000065, 0x00000066, 0x00000067, 0x00000068, 0x00000069, 0x0000006a,     // 72-79
        0x0000006b, 0x0000006c, 0x0000006d, 0x0000006e, 0x0000006f, 0x00000070, 0x00000071, 0x00000072,     // 80-87
        0x000000fc, 0x00000073, 0x000000fd, 0x00001ffb, 0x0007fff0, 0x00001ffc, 0x00003ffc, 0x00000022,     // 88-95
        0x00007ffd, 0x00000003, 0x00000023, 0x00000004, 0x00000024, 0x00000005, 0x00000025, 0x00000026,     // 96-103
        0x00000027, 0x00000006, 0x00000074, 0x00000075, 0x00000028, 0x00000029, 0x0000002a, 0x00000007,     // 104-111
        0x0000002b, 0x00000076, 0x0000002c, 0x00000008, 0x00000009, 0x0000002d, 0x00000077, 0x00000078,     // 112-119
        0x00000079, 0x0000007a, 0x0000007b, 0x00007ffe, 0x000007fc, 0x00003ffd, 0x00001ffd, 0x0ffffffc,     // 120-127
        0x000fffe6, 0x003fffd2, 0x000fffe7, 0x000fffe8, 0x003fffd3, 0x003fffd4, 0x003fffd5, 0x007fffd9,     // 128-135
        0x003fffd6, 0x007fffda, 0x007fffdb, 0x007fffdc, 0x007fffdd, 0x007fffde, 0x00ffffeb, 0x007fffdf,     // 136-143
        0x00ffffec, 0x00ffffed, 0x003fffd7, 0x007fffe0, 0x00ffffee, 0x007fffe1, 0x007fffe2, 0x007fffe3,     // 144-151
        0x007fffe4, 0x001fffdc, 0x003fffd8, 0x007fffe5, 0x003fffd9, 0x007fffe6, 0x007fffe7, 0x00ffffef,     // 152-159
        0x003fffda, 0x001fffdd, 0x000fffe9, 0x003fffdb, 0x003fffdc, 0x007fffe8, 0x007fffe9, 0x001fffde,     // 160-167
        0x007fffea, 0x003fffdd, 0x003fffde, 0x00fffff0, 0x001fffdf, 0x003fffdf, 0x007fffeb, 0x007fffec,     // 168-175
        0x001fffe0, 0x001fffe1, 0x003fffe0, 0x001fffe2, 0x007fffed, 0x003fffe1, 0x007fffee, 0x007fffef,     // 176-183
        0x000fffea, 0x003fffe2, 0x003fffe3, 0x003fffe4, 0x007ffff0, 0x003fffe5, 0x003fffe6, 0x007ffff1,     // 184-191
        0x03ffffe0, 0x03ffffe1, 0x000fffeb, 0x0007fff1, 0x003fffe7, 0x007ffff2, 0x003fffe8, 0x01ffffec,     // 192-199
        0x03ffffe2, 0x03ffffe3, 0x03ffffe4, 0x07ffffde, 0x07ffffdf, 0x03ffffe5, 0x00fffff1, 0x01ffffed,     // 200-207
        0x0007fff2, 0x001fffe3, 0x03ffffe6, 0x07ffffe0, 0x07ffffe1, 0x03ffffe7, 0x07ffffe2, 0x00fffff2,     // 208-215
        0x001fffe4, 0x001fffe5, 0x03ffffe8, 0x03ffffe9, 0x0ffffffd, 0x07ffffe3, 0x07ffffe4, 0x07ffffe5,     // 216-223
        0x000fffec, 0x00fffff3, 0x000fffed, 0x001fffe6, 0x003fffe9, 0x001fffe7, 0x001fffe8, 0x007ffff3,     // 224-231
        0x003fffea, 0x003fffeb, 0x01ffffee, 0x01ffffef, 0x00fffff4, 0x00fffff5, 0x03ffffea, 0x007ffff4,     // 232-239
        0x03ffffeb, 0x07ffffe6, 0x03ffffec, 0x03ffffed, 0x07ffffe7, 0x07ffffe8, 0x07ffffe9, 0x07ffffea,     // 240-247
        0x07ffffeb, 0x0ffffffe, 0x07ffffec, 0x07ffffed, 0x07ffffee, 0x07ffffef, 0x07fffff0, 0x03ffffee,     // 248-255
        0x3fffffff,                                                                                         // 256 (EOS)
    };

    /** The length in bits of the code of each symbol, as in RFC 7541 Appendix B. */
    private static final byte[] LENGTHS = {
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,                                     // 0-15
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,                                     // 16-31
         6, 10, 10, 12, 13,  6,  8, 11, 10, 10,  8, 11,  8,  6,  6,  6,                                     // 32-47
         5,  5,  5,  6,  6,  6,  6,  6,  6,  6,  7,  8, 15,  6, 12, 10,                                     // 48-63
        13,  6,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,                                     // 64-79
         7,  7,  7,  7,  7,  7,  7,  7,  8,  7,  8, 13, 19, 13, 14,  6,                                     // 80-95
        15,  5,  6,  5,  6,  5,  6,  6,  6,  5,  7,  7,  6,  6,  6,  5,                                     // 96-111
         6,  7,  6,  5,  5,  6,  7,  7,  7,  7,  7, 15, 11, 14, 13, 28,                                     // 112-127
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,                                     // 128-143
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,                                     // 144-159
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,                                     // 160-175
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,                                     // 176-191
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,                                     // 192-207
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,                                     // 208-223
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,                                     // 224-239
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,                                     // 240-255
        30,                                                                                                 // 256 (EOS)
    };

    /**
     * The nodes, 256 entries each, node 0 the root. An entry at or above zero is a symbol shifted left by four, or-ed
     * with the number of bits (1-8) its code takes within the node; a negative entry is the complement of a child
     * node's number.
     */
    private static final int[] NODES = buildNodes();

    private Huffman() {
    }

    /** The code of a symbol (0-255, or 256 for EOS), right-aligned. */
    static int code(int symbol) {
        return CODES[symbol];
    }

    /** The length in bits of the code of a symbol (0-255, or 256 for EOS). */
    static int length(int symbol) {
        return LENGTHS[symbol];
    }

    /**
     * Decodes {@code length} octets of Huffman-coded string from {@code offset}, each decoded octet a character of
     * the result (ISO-8859-1).
     *
     * @throws HpackException if the string holds the EOS symbol, or ends with padding that is longer than seven
     *         bits or not all ones (which includes a truncated code)
     */
    static String decode(byte[] src, int offset, int length) throws HpackException {
        // every code is at least five bits long
        byte[] out = new byte[(int) (length * 8L / 5)];
        int count = 0;
        long bits = 0;
        int available = 0;
        int in = offset;
        int end = offset + length;
        while (true) {
            while (available <= 56 && in < end) {
                bits = bits << 8 | (src[in++] & 0xff);
                available += 8;
            }
            if (available == 0) {
                break;
            }
            int node = 0;
            int used = 0;
            int symbol = -1;
            while (true) {
                int left = available - used;
                // past the end, pad with ones: only all-ones padding can then end a string
                int next = left >= 8 ? (int) (bits >>> (left - 8)) & 0xff
                        : ((int) (bits << (8 - left)) & 0xff) | (0xff >>> left);
                int entry = NODES[node << 8 | next];
                if (entry >= 0) {
                    if ((entry & 0xf) <= left) {
                        symbol = entry >>> 4;
                        used += entry & 0xf;
                    }
                    break;
                }
                if (left <= 8) {
                    break;
                }
                node = ~entry;
                used += 8;
            }
            if (symbol < 0) {
                checkPadding(bits, available);
                break;
            }
            if (symbol == EOS) {
                throw new HpackException("Huffman-coded string holds the EOS symbol");
            }
            out[count++] = (byte) symbol;
            available -= used;
        }
        return new String(out, 0, count, StandardCharsets.ISO_8859_1);
    }

    /** Checks what is left at the end of a string, which is no whole code: it must be at most seven bits of ones. */
    private static void checkPadding(long bits, int available) throws HpackException {
        long ones = (1L << available) - 1;
        if ((bits & ones) != ones) {
            throw new HpackException("Huffman-coded string ends with padding that is not all ones");
        }
        if (available > 7) {
            throw new HpackException("Huffman-coded string ends with padding longer than 7 bits");
        }
    }

    private static int[] buildNodes() {
        int[] nodes = new int[256 * 8];
        Arrays.fill(nodes, Integer.MIN_VALUE);
        int count = 1;
        for (int symbol = 0; symbol <= EOS; symbol++) {
            int code = CODES[symbol];
            int rest = LENGTHS[symbol];
            int node = 0;
            while (rest > 8) {
                rest -= 8;
                int slot = node << 8 | (code >>> rest) & 0xff;
                if (nodes[slot] == Integer.MIN_VALUE) {
                    if (count << 8 == nodes.length) {
                        nodes = grow(nodes);
                    }
                    nodes[slot] = ~count++;
                }
                node = ~nodes[slot];
            }
            int first = (code & ((1 << rest) - 1)) << (8 - rest);
            for (int i = 0; i < 1 << (8 - rest); i++) {
                nodes[node << 8 | first | i] = symbol << 4 | rest;
            }
        }
        for (int i = 0; i < count << 8; i++) {
            if (nodes[i] == Integer.MIN_VALUE) {
                throw new IllegalStateException("the Huffman code table is not a complete code");
            }
        }
        return Arrays.copyOf(nodes, count << 8);
    }

    private static int[] grow(int[] nodes) {
        int[] grown = Arrays.copyOf(nodes, nodes.length * 2);
        Arrays.fill(grown, nodes.length, grown.length, Integer.MIN_VALUE);
        return grown;
    }
}
