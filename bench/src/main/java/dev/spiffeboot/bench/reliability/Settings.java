package dev.spiffeboot.bench.reliability;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A scenario's settings from {@code name=value} arguments, e.g. {@code outage=20s clients=8}; durations are
 * written {@code 500ms}, {@code 20s} or {@code 2m}. A name the scenario does not know is refused.
 */
final class Settings {

    private final Map<String, String> values = new HashMap<>();

    private Settings(String[] args, Set<String> known) {
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = (equals > 0) ? arg.substring(0, equals) : arg;
            if (equals <= 0 || !known.contains(name)) {
                throw new IllegalArgumentException("unknown setting " + arg + "; known: " + known + " as name=value");
            }
            this.values.put(name, arg.substring(equals + 1));
        }
    }

    static Settings parse(String[] args, Set<String> known) {
        return new Settings(args, known);
    }

    Duration duration(String name, Duration otherwise) {
        String value = this.values.get(name);
        if (value == null) {
            return otherwise;
        }
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value));
    }

    int integer(String name, int otherwise) {
        String value = this.values.get(name);
        return (value == null) ? otherwise : Integer.parseInt(value);
    }
}
