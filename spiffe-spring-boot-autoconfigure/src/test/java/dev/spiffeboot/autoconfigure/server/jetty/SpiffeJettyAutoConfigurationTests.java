package dev.spiffeboot.autoconfigure.server.jetty;

import java.io.IOException;
import java.util.List;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.autoconfigure.server.AbstractSpiffeServerAutoConfigurationTests;
import dev.spiffeboot.autoconfigure.server.LocalPorts;
import dev.spiffeboot.autoconfigure.server.PeerController;
import dev.spiffeboot.autoconfigure.server.SpiffeServerException;
import dev.spiffeboot.autoconfigure.server.TestWebServers;
import dev.spiffeboot.autoconfigure.testing.HttpsProbe;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link SpiffeJettyAutoConfiguration} leaves alone and refuses, and what is particular to Jetty: connectors an
 * application adds are secured, or refused when added too late to be.
 */
class SpiffeJettyAutoConfigurationTests extends AbstractSpiffeServerAutoConfigurationTests {

    SpiffeJettyAutoConfigurationTests() {
        super(SpiffeJettyAutoConfiguration.class, Server.class, SpiffeJettyServerCustomizer.class);
    }

    @Override
    protected SpringApplication application() {
        return jetty(PeerController.class);
    }

    @Override
    protected List<String> serverArguments() {
        return List.of("--" + TestWebServers.JETTY);
    }

    @Test
    void refusesAPlainConnectorAddedAfterTheSpiffeOne(CapturedOutput output) throws IOException {
        int port = LocalPorts.free();
        PlainConnectorApplication.port = LocalPorts.free();
        assertThatThrownBy(() -> jetty(PlainConnectorApplication.class).run(arguments(port)).close())
            .rootCause()
            .isInstanceOfSatisfying(SpiffeServerException.class,
                    refused -> assertThat(refused.reason()).isEqualTo(SpiffeServerException.Reason.UNSECURED_CONNECTOR));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("spiffe.server.enabled=true, but the Jetty connector ServerConnector on 127.0.0.1:"
                    + PlainConnectorApplication.port + " [http/1.1] would serve without SPIFFE TLS")
            .contains("Remove the connector that a customizer of the application adds")
            .doesNotContainPattern("(?m)^\\s+at ");
        LocalPorts.assertNothingListens(port);
        LocalPorts.assertNothingListens(PlainConnectorApplication.port);
    }

    @Test
    void putsTheSpiffeTlsOnAConnectorAddedBeforeTheSpiffeCustomizerRuns() throws IOException {
        SecondConnectorApplication.port = LocalPorts.free();
        try (ConfigurableApplicationContext context = jetty(SecondConnectorApplication.class).run(arguments(0,
                "--spiffe.security.policy.rules[0].to[0].paths=/peer"));
                X509Source client = X509Source.builder().address(agent.address(CLIENT)).build()) {
            Authorizer server = Authorizer.id(SpiffeId.parse(SERVER));
            HttpsProbe.Response response = HttpsProbe.get(SecondConnectorApplication.port, "/peer",
                    SpiffeSslContexts.mtlsClient(client, client, server));
            assertThat(response.status()).isEqualTo(200);
            // mTLS required there too: no client certificate, no handshake
            assertThatThrownBy(() -> HttpsProbe.get(SecondConnectorApplication.port, "/peer",
                    SpiffeSslContexts.tlsClient(client, server)))
                .isInstanceOf(IOException.class);
        }
    }

    /** A servlet application, on Jetty with {@link #arguments(int, String...)}. */
    private static SpringApplication jetty(Class<?> source) {
        SpringApplication application = new SpringApplication(source);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        return application;
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
}
