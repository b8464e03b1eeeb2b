package dev.spiffeboot.autoconfigure.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The starter's auto-configuration of one server, which a subclass names: it leaves an application without that
 * server alone, and refuses to start without a Workload API, with {@code server.ssl.*} next to
 * {@code spiffe.server.enabled=true} (before anything listens), or with a malformed authorized pattern.
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class AbstractSpiffeServerAutoConfigurationTests {

    protected static final String SERVER = "spiffe://example.org/server";

    protected static final String CLIENT = "spiffe://example.org/client";

    @RegisterExtension
    protected static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).build();

    private final Class<?> spiffeAutoConfiguration;

    private final Class<?> serverClass;

    private final Class<?> spiffeCustomizerType;

    /**
     * @param spiffeAutoConfiguration the starter's auto-configuration of the server, e.g.
     * {@code SpiffeTomcatAutoConfiguration}
     * @param serverClass a class of the server's library: without it on the classpath, the application has no such
     * server
     * @param spiffeCustomizerType the bean with which the auto-configuration secures the server
     */
    protected AbstractSpiffeServerAutoConfigurationTests(Class<?> spiffeAutoConfiguration, Class<?> serverClass,
            Class<?> spiffeCustomizerType) {
        this.spiffeAutoConfiguration = spiffeAutoConfiguration;
        this.serverClass = serverClass;
        this.spiffeCustomizerType = spiffeCustomizerType;
    }

    /** An application on the server that answers {@code GET /peer}, for {@link #arguments(int, String...)}. */
    protected abstract SpringApplication application();

    /**
     * Command-line arguments that put an application on the server, where Spring Boot would pick another (the test
     * {@code application.properties} leaves the servlet Jetty out, and command-line arguments override it).
     */
    protected List<String> serverArguments() {
        return List.of();
    }

    @Test
    void leavesApplicationsWithoutTheServerAlone() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class,
                SpiffeServerAutoConfiguration.class, this.spiffeAutoConfiguration))
            .withClassLoader(new FilteredClassLoader(this.serverClass))
            .withPropertyValues("spiffe.server.enabled=true", "spiffe.workload-api.address=" + agent.address(SERVER))
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(X509Source.class)
                .doesNotHaveBean(this.spiffeCustomizerType));
    }

    @Test
    void refusesToStartWithoutAWorkloadApi() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class,
                SpiffeServerAutoConfiguration.class, this.spiffeAutoConfiguration))
            .withPropertyValues("spiffe.server.enabled=true")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOf(SpiffeServerException.class)
                .hasMessageContaining("spiffe.server.enabled=true, but there is no SPIFFE Workload API"));
    }

    @Test
    void refusesServerSslPropertiesWithAReportBeforeAnythingListens(CapturedOutput output) throws IOException {
        int port = LocalPorts.free();
        assertThatThrownBy(() -> application().run(arguments(port, "--server.ssl.bundle=spiffe")).close())
            .rootCause()
            .isInstanceOfSatisfying(SpiffeServerException.class,
                    refused -> assertThat(refused.reason()).isEqualTo(SpiffeServerException.Reason.CONFLICTING_SETTING))
            .hasMessageContaining("remove server.ssl.bundle");
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("spiffe.server.enabled=true configures the server's TLS from the X509-SVID; remove server.ssl.bundle")
            .contains("Remove the server.ssl.* properties")
            .doesNotContainPattern("(?m)^\\s+at ");
        LocalPorts.assertNothingListens(port);
    }

    @Test
    void refusesMalformedAuthorizedPatternsNamingTheProperty() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class,
                SpiffeServerAutoConfiguration.class, this.spiffeAutoConfiguration))
            .withPropertyValues("spiffe.server.enabled=true", "spiffe.server.authorized-patterns=spiffe://*.example.org/x",
                    "spiffe.workload-api.address=" + agent.address(SERVER))
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasMessageContaining("spiffe.server")
                    .rootCause()
                    .hasMessageContaining("invalid SPIFFE ID pattern \"spiffe://*.example.org/x\"");
            });
    }

    /** The command line of an application on the server at 127.0.0.1 and the port, with SPIFFE TLS and the more. */
    protected String[] arguments(int port, String... more) {
        List<String> arguments = new ArrayList<>(List.of("--spiffe.server.enabled=true", "--server.address=127.0.0.1",
                "--server.port=" + port, "--spiffe.workload-api.address=" + agent.address(SERVER)));
        arguments.addAll(serverArguments());
        arguments.addAll(List.of(more));
        return arguments.toArray(String[]::new);
    }
}
