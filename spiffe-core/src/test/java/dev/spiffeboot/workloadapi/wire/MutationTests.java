package dev.spiffeboot.workloadapi.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.spiffeboot.workloadapi.wire.Bytes.cat;
import static dev.spiffeboot.workloadapi.wire.Bytes.entry;
import static dev.spiffeboot.workloadapi.wire.Bytes.len;
import static dev.spiffeboot.workloadapi.wire.Bytes.tag;
import static dev.spiffeboot.workloadapi.wire.Bytes.varint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random and mutated inputs, from a fixed seed, each given to one of the parsers in turn: every parser either parses
 * or throws {@link InvalidMessageException}, and what it parses is never larger than its input.
 */
class MutationTests {

    private static final int INPUTS = 200_000;

    private final Random random = new Random(0x5EED_F1E1DL);

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void parsersThrowOnlyInvalidMessageException() throws Exception {
        // on a thread of its own: most inputs are refused, and an exception's stack trace costs as many frames as
        // JUnit puts under the test
        FutureTask<Integer> run = new FutureTask<>(this::parseInputs);
        new Thread(run, "mutations").start();
        int parsed = run.get();
        // the mutations keep enough inputs valid for the parsers' success paths to be exercised too
        assertThat(parsed).isBetween(INPUTS / 10, INPUTS * 9 / 10);
    }

    private int parseInputs() {
        int parsed = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = (this.random.nextInt(10) == 0) ? randomBytes(this.random.nextInt(40)) : mutate(validMessage());
            parsed += parse(i % 5, input);
        }
        return parsed;
    }

    /** 1 if {@code parser} parsed {@code input}, 0 if it threw {@link InvalidMessageException}. */
    private static int parse(int parser, byte[] input) {
        try {
            long size = switch (parser) {
                case 0 -> size(X509SvidResponse.parse(input));
                case 1 -> size(X509BundlesResponse.parse(input));
                case 2 -> size(JwtBundlesResponse.parse(input).bundles());
                case 3 -> JwtSvidResponse.parse(input).svids().stream()
                    .mapToLong(s -> s.spiffeId().length() + s.svid().length() + s.hint().length()).sum();
                default -> ValidateJwtSvidResponse.parse(input).spiffeId().length();
            };
            if (size > input.length) {
                fail("parser " + parser + " read " + size + " bytes of content from " + hex(input));
            }
            return 1;
        }
        catch (InvalidMessageException ex) {
            if (ex.getMessage() == null || ex.getMessage().isBlank()) {
                fail("parser " + parser + " threw without a message on " + hex(input));
            }
            return 0;
        }
        catch (RuntimeException | Error ex) {
            return fail("parser " + parser + " threw " + ex + " on " + hex(input), ex);
        }
    }

    private static long size(X509SvidResponse response) {
        long size = size(response.federatedBundles());
        for (X509SvidEntry svid : response.svids()) {
            size += svid.spiffeId().length() + svid.x509Svid().length + svid.x509SvidKey().length + svid.bundle().length
                    + svid.hint().length();
        }
        return size + response.crl().stream().mapToLong(crl -> crl.length).sum();
    }

    private static long size(X509BundlesResponse response) {
        return size(response.bundles()) + response.crl().stream().mapToLong(crl -> crl.length).sum();
    }

    private static long size(Map<String, byte[]> map) {
        return map.entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().length).sum();
    }

    /** A valid message of one of the responses, with unknown fields now and then. */
    private byte[] validMessage() {
        List<byte[]> fields = new ArrayList<>();
        int count = this.random.nextInt(5);
        for (int i = 0; i < count; i++) {
            fields.add(switch (this.random.nextInt(7)) {
                case 0 -> len(1, cat(len(1, text()), len(2, randomBytes(3)), len(3, randomBytes(2)), len(4, randomBytes(2)),
                        len(5, text())));
                case 1 -> len(2, randomBytes(3));
                case 2 -> entry(1 + this.random.nextInt(3), text(), randomBytes(3));
                case 3 -> len(1, cat(len(1, text()), len(2, text()), len(3, text())));
                case 4 -> len(1 + this.random.nextInt(2), text());
                case 5 -> cat(tag(1 + this.random.nextInt(20), 0), varint(this.random.nextLong()));
                default -> cat(tag(1 + this.random.nextInt(20), this.random.nextBoolean() ? 1 : 5), randomBytes(8));
            });
        }
        return cat(fields.toArray(byte[][]::new));
    }

    private byte[] mutate(byte[] message) {
        if (message.length == 0) {
            return randomBytes(1 + this.random.nextInt(4));
        }
        byte[] mutated = message.clone();
        int at = this.random.nextInt(message.length);
        switch (this.random.nextInt(6)) {
            case 0 -> mutated[at] ^= (byte) (1 << this.random.nextInt(8));
            case 1 -> mutated[at] = (byte) this.random.nextInt(256);
            case 2 -> mutated = cat(Arrays.copyOf(message, at), randomBytes(1 + this.random.nextInt(3)),
                    Arrays.copyOfRange(message, at, message.length));
            case 3 -> mutated = cat(Arrays.copyOf(message, at),
                    Arrays.copyOfRange(message, Math.min(message.length, at + 1 + this.random.nextInt(3)), message.length));
            case 4 -> mutated = Arrays.copyOf(message, at);
            default -> mutated[at] = (byte) new int[] { 0x80, 0xff, 0x7f, 0x00, 0x0b, 0x0c, 0x0e, 0x0f }[this.random.nextInt(8)];
        }
        return mutated;
    }

    /** Mostly ASCII, sometimes multi-byte UTF-8. */
    private String text() {
        StringBuilder text = new StringBuilder();
        int length = this.random.nextInt(4);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(switch (this.random.nextInt(4)) {
                case 0 -> 0xe9;
                case 1 -> 0x20ac;
                case 2 -> 0x1f600;
                default -> 'a' + this.random.nextInt(26);
            });
        }
        return text.toString();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        this.random.nextBytes(bytes);
        return bytes;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
