package dev.spiffeboot.workloadapi.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Unmodifiable copies for the records of this package. */
final class Copies {

    private Copies() {
    }

    /** An unmodifiable copy of {@code map} in its iteration order; the arrays are not copied. */
    static Map<String, byte[]> of(Map<String, byte[]> map) {
        Map<String, byte[]> copy = new LinkedHashMap<>(map);
        copy.forEach((key, value) -> {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        });
        return Collections.unmodifiableMap(copy);
    }
}
