package dev.spiffeboot.autoconfigure.server.tomcat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.autoconfigure.server.PeerController;
import dev.spiffeboot.autoconfigure.server.SpiffeServerAutoConfiguration;
import dev.spiffeboot.autoconfigure.server.SpiffeServerException;
import dev.spiffeboot.autoconfigure.testing.HttpsProbe;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The optional and TLS-only modes, and the configurations the Tomcat support refuses. */
class SpiffeTomcatClientAuthModesTests {

    static final String SERVER = "spiffe://example.org/server";

    static final String CLIENT = "spiffe://example.org/client";

    static final String INTRUDER = "spiffe://example.org/intruder";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).identity(INTRUDER).build();

    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
    }

    static SSLContext tlsOnly() {
        return SpiffeSslContexts.tlsClient(clientSource(), Authorizer.id(SpiffeId.parse(SERVER)));
    }

    static SSLContext mtlsAs(String identity) {
        X509Source source = open(identity);
        return SpiffeSslContexts.mtlsClient(source, source, Authorizer.id(SpiffeId.parse(SERVER)));
    }

    private static X509Source clientSource() {
        return open(CLIENT);
    }

    /** Sources opened by a test, closed after it (each holds a channel and threads). */
    private static final List<X509Source> opened = new CopyOnWriteArrayList<>();

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

    @Nested
    @SpringBootTest(classes = PeerController.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            // "optional", the starter's earlier name for "want", still binds
            properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=optional",
                    "spiffe.server.authorized-ids=spiffe://example.org/client",
                    // this test is about the TLS layer: let callers without identity through
                    "spiffe.security.policy.rules[0].to[0].paths=/peer" })
    @DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
    class Optional {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            workloadApi(registry);
        }

        @LocalServerPort
        int port;

        @Test
        void acceptsClientsWithAndWithoutAnSvidButStillRefusesUnauthorizedOnes() throws IOException {
            assertThat(HttpsProbe.get(this.port, "/peer", tlsOnly()).body()).isEqualTo("none");
            assertThat(HttpsProbe.get(this.port, "/peer", mtlsAs(CLIENT)).body()).isEqualTo(CLIENT);
            assertThatThrownBy(() -> HttpsProbe.get(this.port, "/peer", mtlsAs(INTRUDER))).isInstanceOf(IOException.class);
        }
    }

    @Nested
    @SpringBootTest(classes = PeerController.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=none",
                    "spiffe.security.policy.rules[0].to[0].paths=/peer" })
    @DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
    class TlsOnly {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            workloadApi(registry);
        }

        @LocalServerPort
        int port;

        @Test
        void servesTlsWithTheSvidAndAsksForNoClientCertificate() throws IOException {
            HttpsProbe.Response response = HttpsProbe.get(this.port, "/peer", tlsOnly());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("none");
            assertThat(HttpsProbe.get(this.port, "/peer", mtlsAs(INTRUDER)).body()).isEqualTo("none");
        }
    }

    @Test
    void leavesApplicationsWithoutTomcatAlone() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class,
                SpiffeTomcatAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(Tomcat.class))
            .withPropertyValues("spiffe.server.enabled=true", "spiffe.workload-api.address=" + agent.address(SERVER))
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(X509Source.class)
                .doesNotHaveBean(SpiffeTomcatConnectorCustomizer.class));
    }

    @Test
    void refusesToStartWithoutAWorkloadApi() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class,
                SpiffeTomcatAutoConfiguration.class))
            .withPropertyValues("spiffe.server.enabled=true")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOf(SpiffeServerException.class)
                .hasMessageContaining("spiffe.server.enabled=true, but there is no SPIFFE Workload API"));
    }

    @Test
    void refusesServerSslPropertiesNextToSpiffeServer() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class,
                SpiffeServerAutoConfiguration.class, SpiffeTomcatAutoConfiguration.class))
            .withPropertyValues("spiffe.server.enabled=true", "server.ssl.bundle=spiffe",
                    "spiffe.workload-api.address=" + agent.address(SERVER))
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("remove server.ssl.bundle"));
    }

    @Test
    void refusesMalformedAuthorizedPatternsNamingTheProperty() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class,
                SpiffeTomcatAutoConfiguration.class))
            .withPropertyValues("spiffe.server.enabled=true", "spiffe.server.authorized-patterns=spiffe://*.example.org/x",
                    "spiffe.workload-api.address=" + agent.address(SERVER))
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasMessageContaining("spiffe.server")
                    .rootCause()
                    .hasMessageContaining("invalid SPIFFE ID pattern \"spiffe://*.example.org/x\"");
            });
    }
}
