package dev.spiffeboot.bench.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Many clients for a long while against the SPIFFE-secured application, mixing what it must accept and what it
 * must refuse: of every ten clients four call with mTLS, three with a JWT-SVID, two with a token it refuses with
 * 401 (expired, for another audience, forged, signed by an unknown key, padded) and one with a certificate it refuses
 * in the handshake (the client's ID from another CA, an ID it does not authorize). Targets: no unexpected answer, no
 * 5xx; after a quiet period, the heap after full collections at most 10 % above what it was after the warm-up (which
 * grows the pools and caches to their working size), and no more threads or file descriptors. Prints the figures;
 * exits with 1 when a target is missed.
 *
 * <p>Settings ({@code name=value}): {@code duration} (60s), {@code clients} (200), {@code warmup} (15s),
 * {@code quiet} (5s).
 */
public final class SoakScenario {

    private static final double HEAP_TOLERANCE = 0.10;

    private static final Duration STAGGER = Duration.ofMillis(10);

    private SoakScenario() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args, Set.of("duration", "clients", "warmup", "quiet"));
        Duration duration = settings.duration("duration", Duration.ofSeconds(60));
        int clients = settings.integer("clients", 200);
        Duration warmup = settings.duration("warmup", Duration.ofSeconds(15));
        Duration quiet = settings.duration("quiet", Duration.ofSeconds(5));
        System.out.printf(Locale.ROOT, "soak: %d clients for %s after a %s warm-up, %s quiet before each measurement (JDK %s, %d processors)%n",
                clients, duration, warmup, quiet, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        boolean met;
        try (Fixture fixture = Fixture.start(Duration.ofSeconds(30), Duration.ofMinutes(5))) {
            met = run(fixture, roles(fixture, clients), duration, warmup, quiet);
        }
        System.out.println(met ? "soak: all targets met" : "soak: TARGET MISSED");
        System.exit(met ? 0 : 1);
    }

    private static List<ClientRole> roles(Fixture fixture, int count) {
        List<ClientRole> refusedTokens = fixture.refusedTokens();
        List<ClientRole> refusedCertificates = fixture.refusedCertificates();
        List<ClientRole> roles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int slot = i % 10;
            if (slot < 4) {
                roles.add(fixture.mtls());
            }
            else if (slot < 7) {
                roles.add(fixture.jwt());
            }
            else if (slot < 9) {
                roles.add(refusedTokens.get((i / 10 * 2 + slot - 7) % refusedTokens.size()));
            }
            else {
                roles.add(refusedCertificates.get(i / 10 % refusedCertificates.size()));
            }
        }
        return roles;
    }

    private static boolean run(Fixture fixture, List<ClientRole> roles, Duration duration, Duration warmup, Duration quiet)
            throws Exception {
        Tally warmupTally = new Tally();
        LoadClients warming = LoadClients.start(roles, fixture.port(), warmupTally, STAGGER);
        Thread.sleep(warmup.toMillis());
        warming.stop();
        Thread.sleep(quiet.toMillis());
        ProcessResources start = ProcessResources.measure();
        System.out.println("after the warm-up (" + warmupTally.requests() + " requests): " + start);

        Tally tally = new Tally();
        long began = System.nanoTime();
        LoadClients soaking = LoadClients.start(roles, fixture.port(), tally, STAGGER);
        Thread.sleep(duration.toMillis());
        soaking.stop();
        double seconds = (System.nanoTime() - began) / 1e9;
        Thread.sleep(quiet.toMillis());
        ProcessResources end = ProcessResources.measure();
        System.out.println("after the soak: " + end);

        System.out.printf(Locale.ROOT, "requests: %d in %.1f s (%.0f/s); unexpected: %d (warm-up: %d); 5xx: %d (warm-up: %d)%n",
                tally.requests(), seconds, tally.requests() / seconds, tally.unexpectedCount(), warmupTally.unexpectedCount(),
                tally.serverErrors(), warmupTally.serverErrors());
        tally.report().forEach(System.out::println);
        warmupTally.report().stream().filter(line -> line.contains("UNEXPECTED") || line.contains("first unexpected"))
            .forEach(line -> System.out.println("  warm-up:" + line));
        boolean met = true;
        met &= check(tally.unexpectedCount() + warmupTally.unexpectedCount() == 0, "no unexpected answer");
        met &= check(tally.serverErrors() + warmupTally.serverErrors() == 0, "no 5xx");
        double heapChange = (double) (end.heapBytes() - start.heapBytes()) / start.heapBytes();
        met &= check(heapChange <= HEAP_TOLERANCE, String.format(Locale.ROOT,
                "heap after full GC %.1f MB -> %.1f MB (%+.1f %%; target at most +10 %%)", start.heapBytes() / 1048576.0,
                end.heapBytes() / 1048576.0, heapChange * 100));
        met &= check(end.threads() <= start.threads(), "threads " + start.threads() + " -> " + end.threads() + " (target: no growth)"
                + grown(ProcessResources.growth(start.threadKinds(), end.threadKinds())));
        met &= check(end.fileDescriptors() <= start.fileDescriptors(), "file descriptors " + start.fileDescriptors() + " -> "
                + end.fileDescriptors() + " (target: no growth)" + grown(ProcessResources.growth(start.descriptorKinds(), end.descriptorKinds())));
        return met;
    }

    private static String grown(List<String> kinds) {
        return kinds.isEmpty() ? "" : "; more of " + String.join(", ", kinds);
    }

    private static boolean check(boolean met, String what) {
        System.out.println((met ? "  ok      " : "  MISSED  ") + what);
        return met;
    }
}
