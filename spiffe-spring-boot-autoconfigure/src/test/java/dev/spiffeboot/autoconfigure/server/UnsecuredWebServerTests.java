package dev.spiffeboot.autoconfigure.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jetty.reactive.JettyReactiveWebServerFactory;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.reactive.TomcatReactiveWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

import dev.spiffeboot.autoconfigure.server.tomcat.SpiffeTomcatAutoConfiguration;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.devagent.junit.DevAgentExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real start-ups with {@code spiffe.server.enabled=true} on web servers the starter does not secure: each is refused
 * with a report naming the server, before it listens. (That the servlet Tomcat and Jetty and the Reactor Netty Spring
 * Boot creates serve SPIFFE TLS is what the tests in the tomcat, jetty and netty packages show.)
 */
@ExtendWith(OutputCaptureExtension.class)
class UnsecuredWebServerTests {

    private static final String SERVER = "spiffe://example.org/server";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).build();

    @Test
    void refusesAJettyFactoryTheApplicationDeclares(CapturedOutput output) throws IOException {
        // the servlet Jetty is secured only as Spring Boot creates it (see the tests in the jetty package)
        assertRefused(JettyApplication.class, WebApplicationType.SERVLET, output);
        assertThat(output).contains("the web server is Jetty (JettyServletWebServerFactory), which the SPIFFE starter does not secure: "
                + "it would serve without SPIFFE TLS");
    }

    @Test
    void refusesAReactorNettyFactoryTheApplicationDeclares(CapturedOutput output) throws IOException {
        // Reactor Netty is secured only as Spring Boot creates it (see the tests in the netty package)
        assertRefused(NettyApplication.class, WebApplicationType.REACTIVE, output);
        assertThat(output).contains("the web server is Reactor Netty (NettyReactiveWebServerFactory), a reactive web server "
                + "the SPIFFE starter does not secure: it would serve without SPIFFE TLS");
    }

    @Test
    void refusesReactorNettyWhenACustomizerIsAppliedAfterTheSpiffeOne(CapturedOutput output) throws IOException {
        // such a customizer could take the TLS away again (httpServer.noSSL())
        assertRefused(NettyCustomizedLastApplication.class, WebApplicationType.REACTIVE, output);
        assertThat(output).contains("the web server is Reactor Netty (NettyReactiveWebServerFactory), a reactive web server");
    }

    @Test
    void refusesReactiveTomcat(CapturedOutput output) throws IOException {
        assertRefused(ReactiveTomcatApplication.class, WebApplicationType.REACTIVE, output);
        assertThat(output).contains("the web server is Tomcat (TomcatReactiveWebServerFactory), a reactive web server");
    }

    @Test
    void refusesReactiveJetty(CapturedOutput output) throws IOException {
        assertRefused(ReactiveJettyApplication.class, WebApplicationType.REACTIVE, output);
        assertThat(output).contains("the web server is Jetty (JettyReactiveWebServerFactory), a reactive web server");
    }

    @Test
    void refusesATomcatFactoryTheApplicationDeclares(CapturedOutput output) throws IOException {
        // Spring Boot gives the SPIFFE connector only to the Tomcat factory it creates itself
        assertRefused(OwnTomcatApplication.class, WebApplicationType.SERVLET, output);
        assertThat(output).contains("the web server is Tomcat (TomcatServletWebServerFactory), which the SPIFFE starter does not secure");
    }

    @Test
    void refusesToStartWithoutAWorkloadApi(CapturedOutput output) throws IOException {
        int port = LocalPorts.free();
        assertThatThrownBy(() -> application(JettyApplication.class, WebApplicationType.SERVLET).run(arguments(port, false)).close())
            .rootCause()
            .isInstanceOfSatisfying(SpiffeServerException.class,
                    refused -> assertThat(refused.reason()).isEqualTo(SpiffeServerException.Reason.NO_WORKLOAD_API));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("spiffe.server.enabled=true, but there is no SPIFFE Workload API to get an X509-SVID from")
            .contains("Set spiffe.workload-api.address (unix:///path/to/agent.sock or tcp://IP:port) or the "
                    + "SPIFFE_ENDPOINT_SOCKET environment variable")
            .doesNotContainPattern("(?m)^\\s+at ");
        LocalPorts.assertNothingListens(port);
    }

    @Test
    void refusesToStartWithoutAWorkloadApiWhenTomcatIsAbsent() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class,
                    SpiffeServerAutoConfiguration.class, SpiffeTomcatAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(Tomcat.class))
            .withPropertyValues("spiffe.server.enabled=true")
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOfSatisfying(SpiffeServerException.class,
                            refused -> assertThat(refused.reason()).isEqualTo(SpiffeServerException.Reason.NO_WORKLOAD_API));
                FailureAnalysis analysis = new SpiffeServerFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis.getAction()).contains("spiffe.workload-api.address").contains("SPIFFE_ENDPOINT_SOCKET");
            });
    }

    private static void assertRefused(Class<?> source, WebApplicationType type, CapturedOutput output) throws IOException {
        int port = LocalPorts.free();
        assertThatThrownBy(() -> application(source, type).run(arguments(port, true)).close())
            .rootCause()
            .isInstanceOfSatisfying(SpiffeServerException.class,
                    refused -> assertThat(refused.reason()).isEqualTo(SpiffeServerException.Reason.UNSECURED_SERVER));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("The application refused to start: spiffe.server.enabled=true, but the web server is ")
            .contains("Run the application on the embedded Tomcat with Spring MVC")
            .contains("Or set spiffe.server.enabled=false and secure the server otherwise.")
            .doesNotContain("started on port")
            .doesNotContainPattern("(?m)^\\s+at ");
        LocalPorts.assertNothingListens(port);
    }

    private static SpringApplication application(Class<?> source, WebApplicationType type) {
        SpringApplication application = new SpringApplication(source);
        application.setWebApplicationType(type);
        return application;
    }

    private static String[] arguments(int port, boolean workloadApi) {
        List<String> arguments = new ArrayList<>(List.of("--spiffe.server.enabled=true", "--server.address=127.0.0.1",
                "--server.port=" + port));
        if (workloadApi) {
            arguments.add("--spiffe.workload-api.address=" + agent.address(SERVER));
        }
        return arguments.toArray(String[]::new);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class JettyApplication {

        @Bean
        JettyServletWebServerFactory jettyServletWebServerFactory() {
            return new JettyServletWebServerFactory();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class NettyApplication {

        @Bean
        NettyReactiveWebServerFactory nettyReactiveWebServerFactory() {
            return new NettyReactiveWebServerFactory();
        }
    }

    /** Reactor Netty as Spring Boot creates it (the reactive Tomcat and Jetty it would prefer are left out). */
    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = {
            "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
            "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration" })
    static class NettyCustomizedLastApplication {

        @Bean
        WebServerFactoryCustomizer<NettyReactiveWebServerFactory> plainHttp() {
            return factory -> factory.addServerCustomizers(HttpServer::noSSL);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ReactiveTomcatApplication {

        @Bean
        TomcatReactiveWebServerFactory tomcatReactiveWebServerFactory() {
            return new TomcatReactiveWebServerFactory();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ReactiveJettyApplication {

        @Bean
        JettyReactiveWebServerFactory jettyReactiveWebServerFactory() {
            return new JettyReactiveWebServerFactory();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OwnTomcatApplication {

        @Bean
        TomcatServletWebServerFactory tomcatServletWebServerFactory() {
            return new TomcatServletWebServerFactory();
        }
    }
}
