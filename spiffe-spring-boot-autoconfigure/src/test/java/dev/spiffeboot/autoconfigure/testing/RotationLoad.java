package dev.spiffeboot.autoconfigure.testing;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.spiffeid.SpiffeId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls that keep a server busy while the dev agent rotates its SVIDs, for the rotation tests of every server: each
 * loop calls until {@link #close()}, and every answer other than the expected one, and every exception, is a
 * failure. {@link #rotate} rotates once and measures how long until a new connection gets the new server SVID.
 */
public final class RotationLoad implements AutoCloseable {

    /** One call; returns the answer. */
    @FunctionalInterface
    public interface Call {

        String run() throws Exception;
    }

    /** The serial number of the certificate a server presents on a new connection. */
    @FunctionalInterface
    public interface SerialProbe {

        BigInteger serverSerial() throws Exception;
    }

    private final String expected;

    private final AtomicBoolean running = new AtomicBoolean(true);

    private final AtomicLong succeeded = new AtomicLong();

    private final List<String> failures = new CopyOnWriteArrayList<>();

    private final ExecutorService workers = Executors.newCachedThreadPool();

    private final List<Future<?>> loops = new ArrayList<>();

    /** @param expected the answer of a call that succeeds */
    public RotationLoad(String expected) {
        this.expected = expected;
    }

    /** Starts a loop of the call. */
    public RotationLoad loop(Call call) {
        this.loops.add(this.workers.submit(() -> {
            while (this.running.get()) {
                record(call);
            }
        }));
        return this;
    }

    /**
     * Waits half a second, rotates the agent's SVIDs and returns how long until the start of the first new
     * connection that got the new SVID of the server, failing the test when none begun within a second got it. A new
     * probe connection starts every 20 ms, each on its own thread, so the answer does not grow with the time one
     * handshake takes when the test's load keeps the machine's cores busy.
     */
    public static Duration rotate(DevAgent agent, String server, SerialProbe newConnection) throws Exception {
        Thread.sleep(500);
        agent.rotateX509Svids();
        BigInteger expected = agent.currentX509Svid(SpiffeId.parse(server)).leaf().getSerialNumber();
        long start = System.nanoTime();
        ExecutorService probes = Executors.newCachedThreadPool();
        List<Future<Long>> started = new ArrayList<>();
        try {
            while (System.nanoTime() - start < Duration.ofSeconds(1).toNanos() && started.stream().noneMatch(RotationLoad::gotIt)) {
                long begun = System.nanoTime();
                started.add(probes.submit(() -> newConnection.serverSerial().equals(expected) ? begun : null));
                Thread.sleep(20);
            }
            long first = Long.MAX_VALUE;
            for (Future<Long> probe : started) {
                Long begun = probe.get(30, TimeUnit.SECONDS);
                if (begun != null) {
                    first = Math.min(first, begun);
                }
            }
            assertThat(first).as("a connection begun within 1 s of the update got the new server SVID").isNotEqualTo(Long.MAX_VALUE);
            return Duration.ofNanos(first - start);
        }
        finally {
            probes.shutdownNow();
        }
    }

    private static boolean gotIt(Future<Long> probe) {
        try {
            return probe.isDone() && probe.get() != null;
        }
        catch (InterruptedException | ExecutionException ex) {
            return false;
        }
    }

    public long succeeded() {
        return this.succeeded.get();
    }

    public List<String> failures() {
        return this.failures;
    }

    /** Stops the loops and waits for their last calls. */
    @Override
    public void close() throws Exception {
        this.running.set(false);
        try {
            for (Future<?> loop : this.loops) {
                loop.get(30, TimeUnit.SECONDS);
            }
        }
        finally {
            this.workers.shutdown();
        }
    }

    private void record(Call call) {
        try {
            String body = call.run();
            if (this.expected.equals(body)) {
                this.succeeded.incrementAndGet();
            }
            else {
                this.failures.add("unexpected body " + body);
            }
        }
        catch (Exception ex) {
            this.failures.add(ex.toString());
        }
    }
}
