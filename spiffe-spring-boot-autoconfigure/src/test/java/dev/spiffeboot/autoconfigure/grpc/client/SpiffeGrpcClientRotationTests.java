package dev.spiffeboot.autoconfigure.grpc.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.spiffeboot.autoconfigure.testing.RotationLoad;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SVID rotation while a SPIFFE channel keeps calling: a long-lived channel keeps its one TLS connection across three
 * rotations under load from several threads with no failed call (no reconnect), and a new connection begun a second
 * after the Workload API update presents the client's new SVID to the server.
 */
class SpiffeGrpcClientRotationTests extends AbstractGrpcClientTests {

    private final Log logger = LogFactory.getLog(getClass());

    @BeforeAll
    static void startTheClient() {
        startClient("--spiffe.grpc.client.channels.peer.authorized-ids=" + SERVER,
                "--spiffe.grpc.client.channels.peer.jwt-audience=" + SERVER, target("peer", serverPort));
    }

    @Test
    void aLongLivedChannelKeepsWorkingAcrossRotationsAndNewConnectionsGetTheNewSvid() throws Exception {
        ManagedChannel longLived = channels().createChannel("peer");
        Set<String> longLivedSessions = ConcurrentHashMap.newKeySet();
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        List<Duration> timesToNewCertificate = new ArrayList<>();
        RotationLoad load = new RotationLoad(CLIENT);
        try (load) {
            for (int i = 0; i < 3; i++) {
                load.loop(() -> {
                    Caller caller = Caller.call(longLived);
                    longLivedSessions.add(caller.session());
                    tokens.add(caller.token());
                    return caller.id();
                });
            }
            for (int rotation = 0; rotation < 3; rotation++) {
                timesToNewCertificate.add(RotationLoad.rotate(agent.agent(), CLIENT, AbstractGrpcClientTests::clientSerialOnANewChannel));
            }
            Thread.sleep(500);
        }
        finally {
            longLived.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        this.logger.info("gRPC client rotation under load: " + load.succeeded() + " calls on one channel, "
                + load.failures().size() + " failures, the first new connection with the new SVID began after " + timesToNewCertificate);
        assertThat(load.failures()).isEmpty();
        assertThat(load.succeeded()).isGreaterThan(50);
        assertThat(longLivedSessions).as("TLS sessions of the long-lived channel").hasSize(1);
        assertThat(tokens).hasSize(1).allMatch(token -> token.startsWith("valid:" + CLIENT + ":" + SERVER + ":"));
        assertThat(timesToNewCertificate).hasSize(3).allMatch(time -> time.compareTo(Duration.ofSeconds(1)) < 0);
    }
}
