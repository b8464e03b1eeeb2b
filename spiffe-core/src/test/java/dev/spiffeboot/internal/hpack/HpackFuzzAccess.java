package dev.spiffeboot.internal.hpack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the HPACK fuzz target ({@code dev.spiffeboot.testing.fuzz.HpackFuzzTarget}) needs of this package's internals:
 * the constant tables of RFC 7541 (Appendix A and B, checked against the RFC by this package's tests), which its
 * reference decoder shares rather than copies, and a decoder's dynamic table, to compare with the reference's.
 */
public final class HpackFuzzAccess {

    /** The number of entries of the static table. */
    public static final int STATIC_TABLE_LENGTH = StaticTable.LENGTH;

    private HpackFuzzAccess() {
    }

    /** The name of the static table's entry at an index from 1 to {@link #STATIC_TABLE_LENGTH}. */
    public static String staticName(int index) {
        return StaticTable.name(index);
    }

    /** The value of the static table's entry at an index from 1 to {@link #STATIC_TABLE_LENGTH}. */
    public static String staticValue(int index) {
        return StaticTable.value(index);
    }

    /** The Huffman code of a symbol (0-255, or 256 for EOS), right-aligned. */
    public static int huffmanCode(int symbol) {
        return Huffman.code(symbol);
    }

    /** The length in bits of the Huffman code of a symbol (0-255, or 256 for EOS). */
    public static int huffmanLength(int symbol) {
        return Huffman.length(symbol);
    }

    /** The entries of the decoder's dynamic table, newest first. */
    public static List<Map.Entry<String, String>> dynamicTable(HpackDecoder decoder) {
        DynamicTable table = decoder.dynamicTable();
        List<Map.Entry<String, String>> entries = new ArrayList<>(table.length());
        for (int i = 0; i < table.length(); i++) {
            entries.add(Map.entry(table.name(i), table.value(i)));
        }
        return entries;
    }

    /** The size of the decoder's dynamic table and its capacity, in octets. */
    public static int[] dynamicTableSizeAndCapacity(HpackDecoder decoder) {
        DynamicTable table = decoder.dynamicTable();
        return new int[] { table.size(), table.capacity() };
    }
}
