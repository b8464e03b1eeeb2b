package dev.spiffeboot.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/** Mutates bytes blindly: bit flips, boundary values, inserted, removed or repeated runs, truncation, splices. */
public final class ByteMutator {

    private static final byte[] INTERESTING = { 0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0x81, (byte) 0x82, (byte) 0x84,
            (byte) 0xff, 0x30, 0x31, 0x02, 0x03, 0x04, 0x05, 0x06, (byte) 0xa0, (byte) 0xa3 };

    private ByteMutator() {
    }

    /** One to a few stacked mutations; {@code others} are inputs to splice with. */
    public static byte[] mutate(FuzzRandom random, byte[] input, List<byte[]> others) {
        byte[] result = input;
        int rounds = 1 + random.size(7);
        for (int i = 0; i < rounds; i++) {
            result = mutateOnce(random, result, others);
        }
        return result;
    }

    private static byte[] mutateOnce(FuzzRandom random, byte[] input, List<byte[]> others) {
        int length = input.length;
        int at = random.below(length + 1);
        switch (random.below(8)) {
            case 0: {
                if (length == 0) {
                    return random.bytes(1);
                }
                byte[] copy = input.clone();
                at = random.below(length);
                copy[at] ^= (byte) (1 << random.below(8));
                return copy;
            }
            case 1: {
                if (length == 0) {
                    return new byte[] { INTERESTING[random.below(INTERESTING.length)] };
                }
                byte[] copy = input.clone();
                copy[random.below(length)] = INTERESTING[random.below(INTERESTING.length)];
                return copy;
            }
            case 2:
                return splice(input, at, at, random.bytes(1 + random.size(16)));
            case 3:
                return splice(input, at, Math.min(length, at + 1 + random.size(64)), new byte[0]);
            case 4: {
                int end = Math.min(length, at + 1 + random.size(64));
                byte[] piece = Arrays.copyOfRange(input, at, end);
                ByteArrayOutputStream repeated = new ByteArrayOutputStream();
                for (int i = random.size(8); i >= 0; i--) {
                    repeated.writeBytes(piece);
                }
                return splice(input, end, end, repeated.toByteArray());
            }
            case 5:
                return Arrays.copyOf(input, at);
            case 6: {
                byte[] other = others.isEmpty() ? input : random.pick(others);
                return splice(input, at, length, Arrays.copyOfRange(other, random.below(other.length + 1), other.length));
            }
            default: {
                // a length field claiming far more (or less) than follows
                byte[] lengthField = random.pick(new byte[] { (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff },
                        new byte[] { (byte) 0x88, 1, 0, 0, 0, 0, 0, 0, 0 }, new byte[] { (byte) 0x80 }, new byte[] { 0 },
                        new byte[] { (byte) 0x81, 0x7f });
                return splice(input, at, Math.min(length, at + 1), lengthField);
            }
        }
    }

    static byte[] splice(byte[] input, int from, int to, byte[] insert) {
        byte[] result = new byte[from + insert.length + input.length - to];
        System.arraycopy(input, 0, result, 0, from);
        System.arraycopy(insert, 0, result, from, insert.length);
        System.arraycopy(input, to, result, from + insert.length, input.length - to);
        return result;
    }
}
