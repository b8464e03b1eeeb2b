package dev.spiffeboot.devagent.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parsed arguments: positional words and {@code --name value} options (repeatable). */
final class CommandLine {

    private final List<String> words = new ArrayList<>();

    private final Map<String, List<String>> options = new LinkedHashMap<>();

    CommandLine(String[] args, Set<String> knownOptions) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                if (!knownOptions.contains(name)) {
                    throw new UsageException("unknown option --" + name);
                }
                if (i + 1 >= args.length) {
                    throw new UsageException("option --" + name + " needs a value");
                }
                this.options.computeIfAbsent(name, key -> new ArrayList<>()).add(args[++i]);
            }
            else {
                this.words.add(arg);
            }
        }
    }

    List<String> words() {
        return this.words;
    }

    String option(String name) {
        List<String> values = this.options.get(name);
        return values == null ? null : values.get(values.size() - 1);
    }

    String required(String name) {
        String value = option(name);
        if (value == null) {
            throw new UsageException("option --" + name + " is required");
        }
        return value;
    }

    List<String> all(String name) {
        return this.options.getOrDefault(name, List.of());
    }

    /** A mistake in the command line (exit status 2). */
    static final class UsageException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
