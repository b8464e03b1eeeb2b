package dev.spiffeboot.internal.hpack;

import java.util.HashMap;
import java.util.Map;

/** The static table of RFC 7541 Appendix A: indexes 1 to 61. */
final class StaticTable {

    static final int LENGTH = 61;

    private static final String[] NAMES = new String[LENGTH + 1];

    private static final String[] VALUES = new String[LENGTH + 1];

    private static final Map<String, Integer> FIRST_INDEX_OF_NAME = new HashMap<>();

    static {
        String[][] entries = {
            {":authority", ""},
            {":method", "GET"},
            {":method", "POST"},
            {":path", "/"},
            {":path", "/index.html"},
            {":scheme", "http"},
            {":scheme", "https"},
            {":status", "200"},
            {":status", "204"},
            {":status", "206"},
            {":status", "304"},
            {":status", "400"},
            {":status", "404"},
            {":status", "500"},
            {"accept-charset", ""},
            {"accept-encoding", "gzip, deflate"},
            {"accept-language", ""},
            {"accept-ranges", ""},
            {"accept", ""},
            {"access-control-allow-origin", ""},
            {"age", ""},
            {"allow", ""},
            {"authorization", ""},
            {"cache-control", ""},
            {"content-disposition", ""},
            {"content-encoding", ""},
            {"content-language", ""},
            {"content-length", ""},
            {"content-location", ""},
            {"content-range", ""},
            {"content-type", ""},
            {"cookie", ""},
            {"date", ""},
            {"etag", ""},
            {"expect", ""},
            {"expires", ""},
            {"from", ""},
            {"host", ""},
            {"if-match", ""},
            {"if-modified-since", ""},
            {"if-none-match", ""},
            {"if-range", ""},
            {"if-unmodified-since", ""},
            {"last-modified", ""},
            {"link", ""},
            {"location", ""},
            {"max-forwards", ""},
            {"proxy-authenticate", ""},
            {"proxy-authorization", ""},
            {"range", ""},
            {"referer", ""},
            {"refresh", ""},
            {"retry-after", ""},
            {"server", ""},
            {"set-cookie", ""},
            {"strict-transport-security", ""},
            {"transfer-encoding", ""},
            {"user-agent", ""},
            {"vary", ""},
            {"via", ""},
            {"www-authenticate", ""},
        };
        for (int i = 0; i < entries.length; i++) {
            NAMES[i + 1] = entries[i][0];
            VALUES[i + 1] = entries[i][1];
            FIRST_INDEX_OF_NAME.putIfAbsent(entries[i][0], i + 1);
        }
    }

    private StaticTable() {
    }

    /** The name at an index from 1 to {@link #LENGTH}. */
    static String name(int index) {
        return NAMES[index];
    }

    /** The value at an index from 1 to {@link #LENGTH}. */
    static String value(int index) {
        return VALUES[index];
    }

    /** The lowest index with this name, or 0 if the table does not have it. */
    static int indexOfName(String name) {
        return FIRST_INDEX_OF_NAME.getOrDefault(name, 0);
    }
}
