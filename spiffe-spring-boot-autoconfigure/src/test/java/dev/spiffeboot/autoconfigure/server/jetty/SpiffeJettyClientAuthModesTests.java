package dev.spiffeboot.autoconfigure.server.jetty;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.autoconfigure.server.AbstractSpiffeServletServerMtlsTests;
import dev.spiffeboot.autoconfigure.server.PeerController;
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

/** The optional and TLS-only modes on the servlet Jetty, and the configurations the Jetty support refuses. */
@ExtendWith(OutputCaptureExtension.class)
class SpiffeJettyClientAuthModesTests {

    static final String SERVER = "spiffe://example.org/server";

    static final String CLIENT = "spiffe://example.org/client";

    static final String INTRUDER = "spiffe://example.org/intruder";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).identity(INTRUDER).build();

    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
    }

    static SSLContext tlsOnly() {
        return SpiffeSslContexts.tlsClient(open(CLIENT), Authorizer.id(SpiffeId.parse(SERVER)));
    }

    static SSLContext mtlsAs(String identity) {
        X509Source source = open(identity);
        return SpiffeSslContexts.mtlsClient(source, source, Authorizer.id(SpiffeId.parse(SERVER)));
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
            properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
                    "spiffe.server.authorized-ids=spiffe://example.org/client",
                    // this test is about the TLS layer: let callers without identity through
                    "spiffe.security.policy.rules[0].to[0].paths=/peer" })
    @TestPropertySource(properties = AbstractSpiffeServletServerMtlsTests.JETTY)
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
            properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
                    "spiffe.server.authorized-ids=spiffe://example.org/client" })
    @TestPropertySource(properties = AbstractSpiffeServletServerMtlsTests.JETTY)
    @DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
    class OptionalBehindTheSecurityChain {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            workloadApi(registry);
        }

        @LocalServerPort
        int port;

        @Test
        void authenticatesAClientSvidAndAsksOthersForAJwtSvid() throws IOException {
            assertThat(HttpsProbe.get(this.port, "/peer", mtlsAs(CLIENT)).body()).isEqualTo(CLIENT);
            HttpsProbe.Response anonymous = HttpsProbe.get(this.port, "/peer", tlsOnly());
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Nested
    @SpringBootTest(classes = PeerController.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=none",
                    "spiffe.security.policy.rules[0].to[0].paths=/peer" })
    @TestPropertySource(properties = AbstractSpiffeServletServerMtlsTests.JETTY)
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
    void leavesApplicationsWithoutJettyAlone() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class,
                SpiffeJettyAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(Server.class))
            .withPropertyValues("spiffe.server.enabled=true", "spiffe.workload-api.address=" + agent.address(SERVER))
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(X509Source.class)
                .doesNotHaveBean(SpiffeJettyServerCustomizer.class));
    }

    @Test
    void refusesToStartWithoutAWorkloadApi() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class,
                SpiffeJettyAutoConfiguration.class))
            .withPropertyValues("spiffe.server.enabled=true")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOf(SpiffeServerException.class)
                .hasMessageContaining("spiffe.server.enabled=true, but there is no SPIFFE Workload API"));
    }

    @Test
    void refusesServerSslPropertiesWithAReportBeforeAnythingListens(CapturedOutput output) throws IOException {
        int port = freePort();
        assertThatThrownBy(() -> jetty(PeerController.class).run(arguments(port, "--server.ssl.bundle=spiffe")).close())
            .rootCause()
            .isInstanceOfSatisfying(SpiffeServerException.class,
                    refused -> assertThat(refused.reason()).isEqualTo(SpiffeServerException.Reason.CONFLICTING_SETTING));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("spiffe.server.enabled=true configures the server's TLS from the X509-SVID; remove server.ssl.bundle")
            .contains("Remove the server.ssl.* properties")
            .doesNotContainPattern("(?m)^\\s+at ");
        assertNothingListens(port);
    }

    @Test
    void refusesAPlainConnectorAddedAfterTheSpiffeOne(CapturedOutput output) throws IOException {
        int port = freePort();
        PlainConnectorApplication.port = freePort();
        assertThatThrownBy(() -> jetty(PlainConnectorApplication.class).run(arguments(port)).close())
            .rootCause()
            .isInstanceOfSatisfying(SpiffeServerException.class,
                    refused -> assertThat(refused.reason()).isEqualTo(SpiffeServerException.Reason.UNSECURED_CONNECTOR));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("spiffe.server.enabled=true, but the Jetty connector ServerConnector on 127.0.0.1:"
                    + PlainConnectorApplication.port + " [http/1.1] would serve without SPIFFE TLS")
            .contains("Remove the connector that a customizer of the application adds")
            .doesNotContainPattern("(?m)^\\s+at ");
        assertNothingListens(port);
        assertNothingListens(PlainConnectorApplication.port);
    }

    @Test
    void putsTheSpiffeTlsOnAConnectorAddedBeforeTheSpiffeCustomizerRuns() throws IOException {
        SecondConnectorApplication.port = freePort();
        try (ConfigurableApplicationContext context = jetty(SecondConnectorApplication.class).run(arguments(0,
                "--spiffe.security.policy.rules[0].to[0].paths=/peer"))) {
            HttpsProbe.Response response = HttpsProbe.get(SecondConnectorApplication.port, "/peer", mtlsAs(CLIENT));
            assertThat(response.status()).isEqualTo(200);
            // mTLS required there too: no client certificate, no handshake
            assertThatThrownBy(() -> HttpsProbe.get(SecondConnectorApplication.port, "/peer", tlsOnly()))
                .isInstanceOf(IOException.class);
        }
    }

    @Test
    void refusesAJettyFactoryTheApplicationDeclares(CapturedOutput output) throws IOException {
        // Spring Boot hands JettyServerCustomizer beans only to the factory it creates itself
        int port = freePort();
        assertThatThrownBy(() -> jetty(OwnJettyApplication.class).run(arguments(port)).close())
            .rootCause()
            .isInstanceOfSatisfying(SpiffeServerException.class,
                    refused -> assertThat(refused.reason()).isEqualTo(SpiffeServerException.Reason.UNSECURED_SERVER));
        assertThat(output).contains("the web server is Jetty (JettyServletWebServerFactory), which the SPIFFE starter does not secure");
        assertNothingListens(port);
    }

    private static SpringApplication jetty(Class<?> source) {
        SpringApplication application = new SpringApplication(source);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        return application;
    }

    private static String[] arguments(int port, String... more) {
        List<String> arguments = new ArrayList<>(List.of("--spiffe.server.enabled=true",
                "--server.address=127.0.0.1", "--server.port=" + port, "--" + AbstractSpiffeServletServerMtlsTests.JETTY,
                "--spiffe.workload-api.address=" + agent.address(SERVER)));
        arguments.addAll(List.of(more));
        return arguments.toArray(String[]::new);
    }

    /** A port the system just handed out, so the test can look at it afterwards. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void assertNothingListens(int port) {
        assertThatThrownBy(() -> new Socket(InetAddress.getByName("127.0.0.1"), port).close())
            .as("connection to 127.0.0.1:%d", port)
            .isInstanceOf(ConnectException.class);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class PlainConnectorApplication {

        static int port;

        /** Customizers added to the factory run after those Spring Boot takes from the beans, the SPIFFE one among them. */
        @Bean
        WebServerFactoryCustomizer<JettyServletWebServerFactory> plainConnector() {
            return factory -> factory.addServerCustomizers(server -> server.addConnector(connector(server, port)));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @RestController
    static class SecondConnectorApplication {

        static int port;

        /** A customizer bean: it may run before the SPIFFE one or after it. */
        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        JettyServerCustomizer secondConnector() {
            return server -> server.addConnector(connector(server, port));
        }

        @GetMapping("/peer")
        String peer() {
            return "second";
        }
    }

    static ServerConnector connector(Server server, int port) {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        return connector;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OwnJettyApplication {

        @Bean
        JettyServletWebServerFactory jettyServletWebServerFactory() {
            return new JettyServletWebServerFactory();
        }
    }
}
