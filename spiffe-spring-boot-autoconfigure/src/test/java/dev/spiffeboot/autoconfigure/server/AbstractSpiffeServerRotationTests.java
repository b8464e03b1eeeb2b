package dev.spiffeboot.autoconfigure.server;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

import javax.net.ssl.SSLContext;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SVID rotation while clients keep calling, on the server a subclass chooses as {@link TestWebServers} says: a new
 * connection begun a second after the Workload API update gets the new server SVID, and no request fails, on new
 * connections or on kept-alive ones.
 */
@SpringBootTest(classes = PeerController.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.authorized-ids=spiffe://example.org/client" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class AbstractSpiffeServerRotationTests {

    private final Log logger = LogFactory.getLog(getClass());

    private static final String SERVER = "spiffe://example.org/server";

    private static final String CLIENT = "spiffe://example.org/client";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).build();

    @DynamicPropertySource
    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
    }

    @LocalServerPort
    protected int port;

    @Test
    void rotatesUnderConcurrentRequestsWithoutAFailure() throws Exception {
        try (X509Source client = X509Source.builder().address(agent.address(CLIENT)).build()) {
            SSLContext tls = SpiffeSslContexts.mtlsClient(client, client, Authorizer.id(SpiffeId.parse(SERVER)));
            HttpClient keepAlive = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + this.port + "/peer"))
                .timeout(Duration.ofSeconds(10))
                .build();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong succeeded = new AtomicLong();
            List<String> failures = new CopyOnWriteArrayList<>();
            ExecutorService workers = Executors.newFixedThreadPool(6);
            List<Future<?>> loops = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                loops.add(workers.submit(() -> {
                    while (running.get()) {
                        record(() -> HttpsProbe.get(this.port, "/peer", tls).body(), succeeded, failures);
                    }
                }));
                loops.add(workers.submit(() -> {
                    while (running.get()) {
                        record(() -> keepAlive.send(request, HttpResponse.BodyHandlers.ofString()).body(), succeeded, failures);
                    }
                }));
            }
            List<Duration> timesToNewCertificate = new ArrayList<>();
            try {
                for (int rotation = 0; rotation < 3; rotation++) {
                    Thread.sleep(500);
                    agent.agent().rotateX509Svids();
                    BigInteger expected = agent.agent().currentX509Svid(SpiffeId.parse(SERVER)).leaf().getSerialNumber();
                    long start = System.nanoTime();
                    timesToNewCertificate.add(timeToNewCertificate(expected, start, tls));
                }
                Thread.sleep(500);
            }
            finally {
                running.set(false);
                for (Future<?> loop : loops) {
                    loop.get(30, TimeUnit.SECONDS);
                }
                workers.shutdown();
            }
            this.logger.info("Rotation under load: " + succeeded.get() + " requests, " + failures.size()
                    + " failures, the first new connection with the new SVID began after " + timesToNewCertificate);
            assertThat(failures).isEmpty();
            assertThat(succeeded.get()).isGreaterThan(50);
            assertThat(timesToNewCertificate).hasSize(3).allMatch(time -> time.compareTo(Duration.ofSeconds(1)) < 0);
        }
    }

    /**
     * How long after {@code start} the first new connection that got the expected server certificate began. A new
     * probe connection starts every 20 ms, each on its own thread, so the answer does not grow with the time one
     * handshake takes when this test's load keeps the cores busy; fails when none that began within 1 s got it.
     */
    private Duration timeToNewCertificate(BigInteger expected, long start, SSLContext tls) throws Exception {
        ExecutorService probes = Executors.newCachedThreadPool();
        List<Future<Long>> started = new ArrayList<>();
        try {
            while (System.nanoTime() - start < Duration.ofSeconds(1).toNanos() && started.stream().noneMatch(AbstractSpiffeServerRotationTests::gotIt)) {
                long begun = System.nanoTime();
                started.add(probes.submit(() -> HttpsProbe.get(this.port, "/peer", tls).serverSerial().equals(expected) ? begun : null));
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

    private interface Call {

        String run() throws Exception;
    }

    private static void record(Call call, AtomicLong succeeded, List<String> failures) {
        try {
            String body = call.run();
            if (CLIENT.equals(body)) {
                succeeded.incrementAndGet();
            }
            else {
                failures.add("unexpected body " + body);
            }
        }
        catch (Exception ex) {
            failures.add(ex.toString());
        }
    }
}
