package dev.spiffeboot.testing.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Mutates strings the way parsers break: tokens of the format inserted or swapped, characters flipped, removed or
 * repeated, percent-encoding, case changes, unicode look-alikes, splices of two valid inputs and very long runs.
 */
public final class StringMutator {

    /** Characters and runs that trip parsers whatever the format. */
    static final List<String> COMMON_TOKENS = List.of("", " ", "\t", "\n", "\r\n", "\u0000", "\u007f", "/", "//", ".",
            "..", ":", "://", "%", "%2F", "%2f", "%00", "%zz", "@", "?", "#", "*", "**", "[", "]", "{", "}", "\"", "'",
            "\\", "=", "-", "_", "+", ",", ";", "0", "-1", "65536", "2147483648", "9223372036854775808",
            "99999999999999999999999", "1e999", "\u00e9", "\u0130", "\u0131", "\u212a", "\u00df", "\uff0f", "\u2024",
            "\u200b", "\ufeff", "\ud800", "\udc00", "\ud83d\ude00", "\uffff", "\u0661", "A", "Z", "a", "z");

    private final List<String> tokens;

    /** A mutator that also inserts and swaps the tokens of one format (e.g. {@code spiffe://}, {@code unix:}). */
    public StringMutator(List<String> formatTokens) {
        this.tokens = new ArrayList<>(COMMON_TOKENS);
        this.tokens.addAll(formatTokens);
    }

    /** One to a few stacked mutations of {@code input}; {@code others} are valid inputs to splice with. */
    public String mutate(FuzzRandom random, String input, List<String> others) {
        String result = input;
        int rounds = 1 + random.size(7);
        for (int i = 0; i < rounds; i++) {
            result = mutateOnce(random, result, others);
        }
        return result;
    }

    /** A string of tokens and random characters, unrelated to any valid input. */
    public String random(FuzzRandom random) {
        StringBuilder text = new StringBuilder();
        int parts = random.size(40);
        for (int i = 0; i < parts; i++) {
            if (random.nextBoolean()) {
                text.append(random.pick(this.tokens));
            }
            else {
                text.append(randomChar(random));
            }
        }
        return text.toString();
    }

    private String mutateOnce(FuzzRandom random, String input, List<String> others) {
        int length = input.length();
        int at = random.below(length + 1);
        switch (random.below(13)) {
            case 0:
                return input.substring(0, at) + random.pick(this.tokens) + input.substring(at);
            case 1: {
                int end = at + random.size(Math.max(1, length - at));
                return input.substring(0, at) + input.substring(Math.min(length, end));
            }
            case 2:
                if (length == 0) {
                    return String.valueOf(randomChar(random));
                }
                at = random.below(length);
                return input.substring(0, at) + randomChar(random) + input.substring(at + 1);
            case 3: {
                if (length == 0) {
                    return input;
                }
                at = random.below(length);
                char flipped = (char) (input.charAt(at) ^ (1 << random.below(random.oneIn(4) ? 16 : 7)));
                return input.substring(0, at) + flipped + input.substring(at + 1);
            }
            case 4: {
                int end = Math.min(length, at + 1 + random.size(16));
                String piece = input.substring(at, end);
                return input.substring(0, end) + piece.repeat(1 + random.size(8)) + input.substring(end);
            }
            case 5:
                return input.substring(0, at);
            case 6: {
                String other = others.isEmpty() ? input : random.pick(others);
                return input.substring(0, at) + other.substring(random.below(other.length() + 1));
            }
            case 7: {
                int end = Math.min(length, at + random.size(16));
                String range = input.substring(at, end);
                range = random.nextBoolean() ? range.toUpperCase(Locale.ROOT) : range.toLowerCase(Locale.ROOT);
                return input.substring(0, at) + range + input.substring(end);
            }
            case 8: {
                if (length == 0) {
                    return "%";
                }
                at = random.below(length);
                return input.substring(0, at) + String.format("%%%02X", input.charAt(at) & 0xff) + input.substring(at + 1);
            }
            case 9: {
                String token = random.pick(this.tokens);
                int found = token.isEmpty() ? -1 : input.indexOf(token);
                if (found < 0) {
                    return input.substring(0, at) + token + input.substring(at);
                }
                return input.substring(0, found) + random.pick(this.tokens) + input.substring(found + token.length());
            }
            case 10: {
                String piece = (length == 0) ? random.pick(this.tokens) : input.substring(at, Math.min(length, at + 1 + random.size(8)));
                int target = random.pick(250, 260, 2040, 2050, 8200, 70_000);
                return input.substring(0, at) + piece.repeat(Math.max(1, target / Math.max(1, piece.length()))) + input.substring(at);
            }
            case 11:
                return input.substring(0, at) + input;
            default:
                return input.substring(0, at) + randomChar(random) + input.substring(at);
        }
    }

    private static char randomChar(FuzzRandom random) {
        switch (random.below(4)) {
            case 0:
                return (char) random.below(0x80);
            case 1:
                return (char) random.between(0x20, 0x7e);
            case 2:
                return (char) random.below(0x10000);
            default:
                return (char) random.between(0x80, 0x2000);
        }
    }
}
