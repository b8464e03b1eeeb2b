package dev.spiffeboot.autoconfigure.grpc.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.netty.handler.ssl.SslContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import dev.spiffeboot.autoconfigure.testing.RotationLoad;

import static dev.spiffeboot.autoconfigure.grpc.server.GrpcProbe.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SVID rotation while clients keep calling the gRPC server: a new connection begun a second after the Workload API
 * update gets the new server SVID, and a long-lived channel keeps its one connection across three rotations with no
 * failed call.
 */
@SpringBootTest(classes = GrpcPeerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "spring.grpc.server.port=0", "spiffe.grpc.server.authorized-ids=spiffe://example.org/client" })
class SpiffeGrpcServerRotationTests extends AbstractGrpcServerTests {

    private final Log logger = LogFactory.getLog(getClass());

    @Test
    void rotatesUnderConcurrentCallsWithoutAFailure() throws Exception {
        SslContext tls = GrpcProbe.mtlsAs(client);
        ManagedChannel longLived = GrpcProbe.channel(port(), tls);
        Set<String> longLivedSessions = ConcurrentHashMap.newKeySet();
        List<Duration> timesToNewCertificate = new ArrayList<>();
        RotationLoad load = new RotationLoad(CLIENT);
        try (load) {
            for (int i = 0; i < 2; i++) {
                load.loop(() -> {
                    GrpcProbe.Response response = GrpcProbe.call(longLived);
                    longLivedSessions.add(HexFormat.of().formatHex(response.session().getId()));
                    return response.body();
                });
            }
            load.loop(() -> GrpcProbe.call(port(), tls).body());
            for (int rotation = 0; rotation < 3; rotation++) {
                timesToNewCertificate.add(RotationLoad.rotate(agent.agent(), SERVER, () -> GrpcProbe.call(port(), tls).serverSerial()));
            }
            Thread.sleep(500);
        }
        finally {
            longLived.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        this.logger.info("gRPC rotation under load: " + load.succeeded() + " calls, " + load.failures().size()
                + " failures, the first new connection with the new SVID began after " + timesToNewCertificate);
        assertThat(load.failures()).isEmpty();
        assertThat(load.succeeded()).isGreaterThan(50);
        assertThat(longLivedSessions).as("TLS sessions of the long-lived channel").hasSize(1);
        assertThat(timesToNewCertificate).hasSize(3).allMatch(time -> time.compareTo(Duration.ofSeconds(1)) < 0);
    }
}
