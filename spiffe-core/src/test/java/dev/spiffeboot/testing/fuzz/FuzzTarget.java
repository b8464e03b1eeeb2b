package dev.spiffeboot.testing.fuzz;

/**
 * One API under fuzzing: how to make an input, how to run it, and which exceptions the API documents for inputs it
 * refuses. Anything else thrown by {@link #run} (an undocumented exception, an error, a failed check of what an
 * accepted input gave) breaks the API's contract.
 *
 * @param <T> the input
 */
public interface FuzzTarget<T> {

    /** A short name for reports and the command line, e.g. {@code spiffe-id}. */
    String name();

    /** One input, every choice drawn from {@code random}. */
    T generate(FuzzRandom random);

    /**
     * Runs the API on one input. Returns when the input is accepted (after checking what it gave), throws the
     * API's documented exception when it is refused, and throws {@link AssertionError} when an accepted input gave a
     * wrong result.
     */
    void run(T input) throws Exception;

    /** Whether the API documents {@code thrown} for inputs it refuses. */
    boolean isDocumented(Throwable thrown);

    /** The input as bytes, to print and to replay; {@link #decode} reads them back. */
    byte[] encode(T input);

    T decode(byte[] encoded);

    /** The input in a readable form for reports, which may be cut. */
    String describe(T input);
}
