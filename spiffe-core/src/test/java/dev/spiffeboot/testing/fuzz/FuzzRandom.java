package dev.spiffeboot.testing.fuzz;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The choices of one fuzz input, all drawn from one seed, so that a run's seed and an input's index reproduce it.
 * Nothing here is secure: even {@link #secureRandom()} is a seeded generator, which keeps signatures reproducible.
 */
public final class FuzzRandom {

    private final SplittableRandom random;

    public FuzzRandom(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The seed of input {@code index} of the run with {@code runSeed}: independent of every other input's. */
    public static long inputSeed(long runSeed, long index) {
        long z = runSeed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A number in {@code [0, bound)}. */
    public int below(int bound) {
        return this.random.nextInt(bound);
    }

    /** A number in {@code [min, max]}. */
    public int between(int min, int max) {
        return min + this.random.nextInt(max - min + 1);
    }

    /** True once in {@code n} times. */
    public boolean oneIn(int n) {
        return this.random.nextInt(n) == 0;
    }

    public boolean nextBoolean() {
        return this.random.nextBoolean();
    }

    public long nextLong() {
        return this.random.nextLong();
    }

    /** A size that is mostly small, sometimes up to {@code max}. */
    public int size(int max) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, max));
        return Math.min(max, this.random.nextInt(1 << this.random.nextInt(bits + 1)));
    }

    public <T> T pick(List<T> values) {
        return values.get(this.random.nextInt(values.size()));
    }

    @SafeVarargs
    public final <T> T pick(T... values) {
        return values[this.random.nextInt(values.length)];
    }

    public byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) this.random.nextInt(256);
        }
        return bytes;
    }

    /** A {@link SecureRandom} seeded from this one, for key generation and signatures that repeat run after run. */
    public SecureRandom secureRandom() {
        try {
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(this.random.nextLong());
            return seeded;
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA1PRNG is required of every Java platform", ex);
        }
    }
}
