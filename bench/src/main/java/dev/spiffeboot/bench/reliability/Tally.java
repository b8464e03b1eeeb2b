package dev.spiffeboot.bench.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The outcomes of the clients' requests, per role: how many, how many as expected, the unexpected ones by what they
 * were (a status or an exception), the 5xx, and when the first unexpected ones happened. Thread-safe.
 */
final class Tally {

    private static final int KEPT_EVENTS = 20;

    private final long startNanos = System.nanoTime();

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

    private final Map<String, LongAdder> expected = new ConcurrentHashMap<>();

    private final Map<String, LongAdder> unexpected = new ConcurrentHashMap<>();

    private final LongAdder serverErrors = new LongAdder();

    private final ConcurrentLinkedQueue<String> firstUnexpected = new ConcurrentLinkedQueue<>();

    private final AtomicInteger keptEvents = new AtomicInteger();

    void asExpected(ClientRole role) {
        count(this.requests, role.name());
        count(this.expected, role.name());
    }

    /** An answer or failure the role must not get, e.g. {@code status 403} or {@code SocketTimeoutException}. */
    void unexpected(ClientRole role, String what) {
        count(this.requests, role.name());
        String key = role.name() + ": " + what;
        count(this.unexpected, key);
        if (this.keptEvents.incrementAndGet() <= KEPT_EVENTS) {
            this.firstUnexpected.add(String.format("%.3f s %s", (System.nanoTime() - this.startNanos) / 1e9, key));
        }
    }

    void serverError() {
        this.serverErrors.increment();
    }

    long requests() {
        return sum(this.requests);
    }

    long unexpectedCount() {
        return sum(this.unexpected);
    }

    long serverErrors() {
        return this.serverErrors.sum();
    }

    /** Requests and expected answers per role, the unexpected ones by kind, and when the first ones happened. */
    List<String> report() {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(this.requests).forEach((role, count) -> lines.add(String.format("  %-28s %9d requests, %9d as expected",
                role, count.sum(), this.expected.getOrDefault(role, new LongAdder()).sum())));
        new TreeMap<>(this.unexpected).forEach((what, count) -> lines.add(String.format("  UNEXPECTED %s: %d", what, count.sum())));
        this.firstUnexpected.forEach(event -> lines.add("  first unexpected at " + event));
        return lines;
    }

    private static void count(Map<String, LongAdder> counters, String key) {
        counters.computeIfAbsent(key, name -> new LongAdder()).increment();
    }

    private static long sum(Map<String, LongAdder> counters) {
        return counters.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
