package dev.spiffeboot.autoconfigure.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * What the suites of the {@code spiffe.server.client-auth} modes share ({@link AbstractClientAuthWantTests},
 * {@link AbstractClientAuthWantBehindSecurityChainTests}, {@link AbstractClientAuthNoneTests}), and the bearer token
 * attacks ({@link AbstractSpiffeServerAttackTests}) with optional client certificates: a SPIFFE server on a
 * random port with the identity {@link #SERVER} from a dev agent, and TLS clients with and without the SVID of the
 * authorized {@link #CLIENT} or of an {@link #INTRUDER}. Each suite sets its mode with {@code @TestPropertySource};
 * a subclass of it chooses the server as {@link TestWebServers} says.
 */
@SpringBootTest(classes = PeerController.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class AbstractClientAuthTests {

    protected static final String SERVER = "spiffe://example.org/server";

    /** The client the suites authorize ({@code spiffe.server.authorized-ids}). */
    protected static final String CLIENT = "spiffe://example.org/client";

    /** A member of the trust domain whom the suites do not authorize. */
    protected static final String INTRUDER = "spiffe://example.org/intruder";

    @RegisterExtension
    protected static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).identity(INTRUDER).build();

    @DynamicPropertySource
    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
    }

    /** Sources opened by a test, closed after it (each holds a channel and threads). */
    private static final List<X509Source> opened = new CopyOnWriteArrayList<>();

    @LocalServerPort
    protected int port;

    /** A client that checks the server's SVID and presents no certificate. */
    protected static SSLContext tlsOnly() {
        return SpiffeSslContexts.tlsClient(open(CLIENT), Authorizer.id(SpiffeId.parse(SERVER)));
    }

    /** A client that checks the server's SVID and presents the SVID of the identity. */
    protected static SSLContext mtlsAs(String identity) {
        X509Source source = open(identity);
        return SpiffeSslContexts.mtlsClient(source, source, Authorizer.id(SpiffeId.parse(SERVER)));
    }

    private static X509Source open(String identity) {
        X509Source source = X509Source.builder().address(agent.address(identity)).build();
        opened.add(source);
        return source;
    }

    @AfterEach
    void closeSources() {
        opened.forEach(X509Source::close);
        opened.clear();
    }
}
