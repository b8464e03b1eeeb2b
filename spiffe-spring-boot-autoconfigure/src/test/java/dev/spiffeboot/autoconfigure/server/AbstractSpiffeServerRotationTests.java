package dev.spiffeboot.autoconfigure.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
import dev.spiffeboot.autoconfigure.testing.RotationLoad;
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
            List<Duration> timesToNewCertificate = new ArrayList<>();
            RotationLoad load = new RotationLoad(CLIENT);
            try (load) {
                for (int i = 0; i < 3; i++) {
                    load.loop(() -> HttpsProbe.get(this.port, "/peer", tls).body())
                        .loop(() -> keepAlive.send(request, HttpResponse.BodyHandlers.ofString()).body());
                }
                for (int rotation = 0; rotation < 3; rotation++) {
                    timesToNewCertificate.add(RotationLoad.rotate(agent.agent(), SERVER,
                            () -> HttpsProbe.get(this.port, "/peer", tls).serverSerial()));
                }
                Thread.sleep(500);
            }
            this.logger.info("Rotation under load: " + load.succeeded() + " requests, " + load.failures().size()
                    + " failures, the first new connection with the new SVID began after " + timesToNewCertificate);
            assertThat(load.failures()).isEmpty();
            assertThat(load.succeeded()).isGreaterThan(50);
            assertThat(timesToNewCertificate).hasSize(3).allMatch(time -> time.compareTo(Duration.ofSeconds(1)) < 0);
        }
    }
}
