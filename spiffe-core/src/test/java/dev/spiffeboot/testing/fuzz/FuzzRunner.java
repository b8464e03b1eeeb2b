package dev.spiffeboot.testing.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a target over seeded inputs on a worker thread, watched so that an input that runs past the time limit is
 * reported as a hang (and ends the run) instead of stalling it. Every input is made from its own seed, derived from
 * the run's seed and its index, so any input of a run can be made again alone.
 */
public final class FuzzRunner {

    private static final long WATCH_INTERVAL_MILLIS = 20;

    private final Duration perInputLimit;

    private final int maxViolations;

    /**
     * A runner.
     *
     * @param perInputLimit the longest one input may run before it counts as a hang
     * @param maxViolations the most distinct violations kept (inputs keep running after the first)
     */
    public FuzzRunner(Duration perInputLimit, int maxViolations) {
        this.perInputLimit = perInputLimit;
        this.maxViolations = maxViolations;
    }

    /** Runs {@code inputs} inputs of the run with {@code seed}. */
    public <T> FuzzReport run(FuzzTarget<T> target, long seed, long inputs) {
        Worker<T> worker = new Worker<>(target, seed, inputs, this.maxViolations);
        Thread thread = new Thread(worker, "fuzz-" + target.name());
        thread.setDaemon(true);
        long start = System.nanoTime();
        thread.start();
        try {
            while (thread.isAlive()) {
                thread.join(WATCH_INTERVAL_MILLIS);
                long started = worker.startedNanos;
                if (started != 0 && System.nanoTime() - started > this.perInputLimit.toNanos() && thread.isAlive()) {
                    worker.hang();
                    // the worker is abandoned (it is a daemon): a stuck parser cannot be stopped from outside
                    thread.interrupt();
                    break;
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fuzzing " + target.name(), ex);
        }
        return worker.report(Duration.ofNanos(System.nanoTime() - start));
    }

    /** Runs one encoded input, as printed in a report, and tells how it broke the contract, if it did. */
    public <T> Optional<Violation> replay(FuzzTarget<T> target, byte[] encoded) {
        Worker<T> worker = new Worker<>(target, 0, 0, 1);
        T input = target.decode(encoded);
        Thread thread = new Thread(() -> worker.runOne(-1, input), "fuzz-replay-" + target.name());
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(this.perInputLimit.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying an input of " + target.name(), ex);
        }
        if (thread.isAlive()) {
            worker.hang();
            thread.interrupt();
        }
        return worker.violations().stream().findFirst();
    }

    private static final class Worker<T> implements Runnable {

        private final FuzzTarget<T> target;

        private final long seed;

        private final long inputs;

        private final int maxViolations;

        private final Map<String, Violation> violations = new LinkedHashMap<>();

        private volatile long startedNanos;

        private volatile long currentIndex;

        private volatile T current;

        private volatile long done;

        private volatile long accepted;

        private volatile long refused;

        private volatile long violatingInputs;

        private volatile Error generatorFailure;

        /** Set once the worker is given up on: whatever it does after that is not the input's doing. */
        private volatile boolean abandoned;

        Worker(FuzzTarget<T> target, long seed, long inputs, int maxViolations) {
            this.target = target;
            this.seed = seed;
            this.inputs = inputs;
            this.maxViolations = maxViolations;
        }

        @Override
        public void run() {
            for (long index = 0; index < this.inputs; index++) {
                T input;
                try {
                    input = this.target.generate(new FuzzRandom(FuzzRandom.inputSeed(this.seed, index)));
                }
                catch (RuntimeException | Error ex) {
                    this.generatorFailure = new AssertionError("the generator of " + this.target.name()
                            + " failed on input #" + index + " of seed " + this.seed, ex);
                    return;
                }
                runOne(index, input);
            }
        }

        void runOne(long index, T input) {
            this.current = input;
            this.currentIndex = index;
            this.startedNanos = System.nanoTime();
            try {
                this.target.run(input);
                this.accepted++;
            }
            catch (Throwable thrown) {
                if (this.target.isDocumented(thrown)) {
                    this.refused++;
                }
                else {
                    record(new Violation(this.target.name(), index, this.seed, this.target.encode(input),
                            this.target.describe(input), thrown));
                }
            }
            finally {
                this.startedNanos = 0;
            }
            this.done++;
        }

        void hang() {
            T input = this.current;
            this.abandoned = true;
            recordAlways(new Violation(this.target.name(), this.currentIndex, this.seed, this.target.encode(input),
                    this.target.describe(input), null));
        }

        private synchronized void record(Violation violation) {
            if (!this.abandoned) {
                recordAlways(violation);
            }
        }

        private synchronized void recordAlways(Violation violation) {
            this.violatingInputs++;
            if (this.violations.size() < this.maxViolations) {
                this.violations.putIfAbsent(violation.signature(), violation);
            }
        }

        synchronized List<Violation> violations() {
            return new ArrayList<>(this.violations.values());
        }

        FuzzReport report(Duration elapsed) {
            if (this.generatorFailure != null) {
                throw this.generatorFailure;
            }
            return new FuzzReport(this.target.name(), this.done, this.accepted, this.refused, elapsed, violations(),
                    this.violatingInputs);
        }
    }
}
