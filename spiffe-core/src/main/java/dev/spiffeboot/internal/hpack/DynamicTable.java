package dev.spiffeboot.internal.hpack;

/**
 * The dynamic table of RFC 7541 section 2.3.2 and section 4: a first-in first-out list of entries, newest first,
 * whose size (each entry's name and value length in octets, plus 32) is kept within a capacity by evicting the
 * oldest entries.
 */
final class DynamicTable {

    /** The per-entry overhead of RFC 7541 section 4.1. */
    static final int ENTRY_OVERHEAD = 32;

    // a ring: the oldest entry at first, the newest at first + count - 1, modulo the arrays' length (a power of two)
    private String[] names = new String[16];

    private String[] values = new String[16];

    private int first;

    private int count;

    private int size;

    private int capacity;

    DynamicTable(int capacity) {
        this.capacity = capacity;
    }

    /** The number of entries. */
    int length() {
        return count;
    }

    /** The sum of the entries' sizes, in octets. */
    int size() {
        return size;
    }

    /** The maximum size, in octets. */
    int capacity() {
        return capacity;
    }

    /** The name of an entry, 0 being the newest. */
    String name(int index) {
        return names[slot(index)];
    }

    /** The value of an entry, 0 being the newest. */
    String value(int index) {
        return values[slot(index)];
    }

    /** Changes the capacity, evicting the oldest entries until the size fits. */
    void setCapacity(int capacity) {
        this.capacity = capacity;
        evictUntil(capacity);
    }

    /**
     * Adds an entry as the newest, evicting the oldest entries to make room. An entry larger than the capacity
     * empties the table and is not added (RFC 7541 section 4.4).
     */
    void add(String name, String value) {
        long entrySize = entrySize(name, value);
        if (entrySize > capacity) {
            evictUntil(0);
            return;
        }
        evictUntil(capacity - (int) entrySize);
        if (count == names.length) {
            grow();
        }
        int slot = (first + count) & (names.length - 1);
        names[slot] = name;
        values[slot] = value;
        count++;
        size += (int) entrySize;
    }

    static long entrySize(String name, String value) {
        return (long) name.length() + value.length() + ENTRY_OVERHEAD;
    }

    private int slot(int index) {
        return (first + count - 1 - index) & (names.length - 1);
    }

    private void evictUntil(int maxSize) {
        while (size > maxSize) {
            size -= (int) entrySize(names[first], values[first]);
            names[first] = null;
            values[first] = null;
            first = (first + 1) & (names.length - 1);
            count--;
        }
    }

    private void grow() {
        String[] grownNames = new String[names.length * 2];
        String[] grownValues = new String[values.length * 2];
        for (int i = 0; i < count; i++) {
            int slot = (first + i) & (names.length - 1);
            grownNames[i] = names[slot];
            grownValues[i] = values[slot];
        }
        names = grownNames;
        values = grownValues;
        first = 0;
    }
}
