package dev.spiffeboot.bench.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.health.contributor.Status;

import dev.spiffeboot.workloadapi.SourceState;

/**
 * The Workload API goes away under load: clients call the SPIFFE-secured application (half mTLS with client
 * certificates, half JWT-SVID bearers over TLS) while the dev agent stops serving (its sockets disappear, as when it
 * is killed) for the outage, then serves again. Targets: no request fails (the SVIDs stay valid throughout), every
 * source (the application's and the clients') reconnects within the backoff cap + 1 s after the agent returns, and
 * the {@code spiffe} health goes DOWN only past its threshold (and does go DOWN when the outage outlasts it by 2 s,
 * and UP again after). Prints the figures; exits with 1 when a target is missed.
 *
 * <p>Settings ({@code name=value}): {@code outage} (60s), {@code clients} (8), {@code threshold} (the health's
 * unreachable threshold, 30s), {@code cap} (the reconnect backoff cap, 30s, the default), {@code warmup} (10s).
 */
public final class OutageScenario {

    private static final Duration SAMPLE = Duration.ofMillis(100);

    private static final Duration AFTER = Duration.ofSeconds(5);

    private static final Duration STAGGER = Duration.ofMillis(10);

    private OutageScenario() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args, Set.of("outage", "clients", "threshold", "cap", "warmup"));
        Duration outage = settings.duration("outage", Duration.ofSeconds(60));
        int clients = settings.integer("clients", 8);
        Duration threshold = settings.duration("threshold", Duration.ofSeconds(30));
        Duration cap = settings.duration("cap", Duration.ofSeconds(30));
        Duration warmup = settings.duration("warmup", Duration.ofSeconds(10));
        System.out.printf(Locale.ROOT, "outage: %d clients, outage %s, health threshold %s, backoff cap %s, warm-up %s (JDK %s)%n",
                clients, outage, threshold, cap, warmup, System.getProperty("java.version"));
        boolean met;
        try (Fixture fixture = Fixture.start(cap, threshold)) {
            met = run(fixture, clients, outage, threshold, cap, warmup);
        }
        System.out.println(met ? "outage: all targets met" : "outage: TARGET MISSED");
        System.exit(met ? 0 : 1);
    }

    private static boolean run(Fixture fixture, int clientCount, Duration outage, Duration threshold, Duration cap, Duration warmup)
            throws Exception {
        List<ClientRole> roles = new ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            roles.add((i % 2 == 0) ? fixture.mtls() : fixture.jwt());
        }
        Tally tally = new Tally();
        LoadClients clients = LoadClients.start(roles, fixture.port(), tally, STAGGER);
        Thread.sleep(warmup.toMillis());
        long beforeOutage = tally.requests();

        Watch watch = new Watch(fixture);
        watch.start();
        long outageStart = System.nanoTime();
        fixture.agent().stopServing();
        Thread.sleep(outage.toMillis());
        long duringOutage = tally.requests() - beforeOutage;
        long outageEnd = System.nanoTime();
        fixture.agent().startServing();
        long limit = outageEnd + cap.plusSeconds(10).toNanos();
        while (!watch.allReconnectedAfter(outageEnd) && System.nanoTime() < limit) {
            Thread.sleep(SAMPLE.toMillis());
        }
        Thread.sleep(AFTER.toMillis());
        clients.stop();
        watch.stopWatching();

        boolean met = true;
        System.out.printf(Locale.ROOT, "requests: %d in all, %d during the %d s outage; unexpected: %d; 5xx: %d%n", tally.requests(),
                duringOutage, outage.toSeconds(), tally.unexpectedCount(), tally.serverErrors());
        tally.report().forEach(System.out::println);
        met &= check(tally.unexpectedCount() == 0 && tally.serverErrors() == 0, "no failed request while the SVIDs are valid");

        Duration reconnectLimit = cap.plusSeconds(1);
        for (Map.Entry<String, Long> source : watch.reconnected().entrySet()) {
            Long at = source.getValue();
            String took = (at == null) ? "did not reconnect" : String.format(Locale.ROOT, "reconnected %.2f s after the agent returned",
                    (at - outageEnd) / 1e9);
            boolean inTime = at != null && at - outageEnd <= reconnectLimit.toNanos();
            met &= check(inTime, source.getKey() + " " + took + " (target <= backoff cap + 1 s = " + reconnectLimit.toMillis() / 1000.0 + " s)");
            if (!inTime) {
                watch.errorsOf(source.getKey()).forEach(error -> System.out.printf(Locale.ROOT, "            %+.2f s %s%n",
                        (error.at() - outageEnd) / 1e9, error.message()));
            }
        }

        Long down = watch.firstDown();
        Long up = watch.firstUpAfter(outageEnd);
        String downText = (down == null) ? "never DOWN" : String.format(Locale.ROOT, "DOWN %.2f s after the outage began", (down - outageStart) / 1e9);
        met &= check(down == null || down - outageStart >= threshold.toNanos(), "health " + downText + " (not before the threshold, "
                + threshold.toMillis() / 1000.0 + " s)");
        if (outage.compareTo(threshold.plusSeconds(2)) > 0) {
            met &= check(down != null && down < outageEnd, "health DOWN before the agent returned, the outage outlasting the threshold");
        }
        String upText = (up == null) ? "not UP again" : String.format(Locale.ROOT, "UP again %.2f s after the agent returned",
                (up - outageEnd) / 1e9);
        met &= check(up != null, "health " + upText);
        return met;
    }

    private static boolean check(boolean met, String what) {
        System.out.println((met ? "  ok      " : "  MISSED  ") + what);
        return met;
    }

    /** An error a source reported, when it was seen. */
    private record Error(long at, String message) {
    }

    /** Samples the sources and the health every 100 ms from the outage's start. */
    private static final class Watch extends Thread {

        private final Fixture fixture;

        private final Map<String, Long> reconnected = new LinkedHashMap<>();

        private final Map<String, Boolean> wasDisconnected = new LinkedHashMap<>();

        private final List<Long> upTimes = new ArrayList<>();

        private final Map<String, Long> errorCounts = new LinkedHashMap<>();

        private final Map<String, List<Error>> errors = new LinkedHashMap<>();

        private volatile boolean stopped;

        private Long firstDown;

        Watch(Fixture fixture) {
            super("outage-watch");
            setDaemon(true);
            this.fixture = fixture;
            fixture.sources().forEach(source -> {
                this.reconnected.put(source.name(), null);
                this.wasDisconnected.put(source.name(), false);
            });
        }

        @Override
        public void run() {
            while (!this.stopped) {
                long now = System.nanoTime();
                synchronized (this) {
                    for (Fixture.NamedSource source : this.fixture.sources()) {
                        SourceState state = source.state().get();
                        boolean connected = state.connected();
                        if (state.errors() != this.errorCounts.getOrDefault(source.name(), 0L)) {
                            this.errorCounts.put(source.name(), state.errors());
                            this.errors.computeIfAbsent(source.name(), name -> new ArrayList<>())
                                .add(new Error(now, state.lastError().orElse("")));
                        }
                        if (!connected) {
                            this.wasDisconnected.put(source.name(), true);
                            this.reconnected.put(source.name(), null);
                        }
                        else if (this.wasDisconnected.get(source.name()) && this.reconnected.get(source.name()) == null) {
                            this.reconnected.put(source.name(), now);
                        }
                    }
                    Status health = this.fixture.health().health().getStatus();
                    if (Status.DOWN.equals(health) && this.firstDown == null) {
                        this.firstDown = now;
                    }
                    if (Status.UP.equals(health)) {
                        this.upTimes.add(now);
                    }
                }
                try {
                    Thread.sleep(SAMPLE.toMillis());
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
        }

        synchronized boolean allReconnectedAfter(long time) {
            return this.reconnected.values().stream().allMatch(at -> at != null && at >= time);
        }

        /** When each source was first seen connected again after it had been seen disconnected; null if not. */
        synchronized Map<String, Long> reconnected() {
            return new LinkedHashMap<>(this.reconnected);
        }

        /** The errors a source reported after the outage began (the last of those seen between two samples). */
        synchronized List<Error> errorsOf(String source) {
            return List.copyOf(this.errors.getOrDefault(source, List.of()));
        }

        synchronized Long firstDown() {
            return this.firstDown;
        }

        synchronized Long firstUpAfter(long time) {
            return this.upTimes.stream().filter(at -> at >= time).findFirst().orElse(null);
        }

        void stopWatching() throws InterruptedException {
            this.stopped = true;
            join();
        }
    }
}
