package dev.spiffeboot.autoconfigure.client;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.spiffeboot.autoconfigure.testing.ChildJvm;
import dev.spiffeboot.devagent.junit.DevAgentExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application without RestClient and WebClient on its classpath starts cleanly: the client auto-configuration
 * names their auto-configurations only as strings, so nothing tries to load the missing classes.
 */
class WithoutHttpClientsTests {

    private static final String SERVICE = "spiffe://example.org/service";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVICE).build();

    @Test
    void startsWithoutWarnings(@TempDir Path directory) throws Exception {
        ChildJvm jvm = ChildJvm.testClasspathWithout(name -> name.startsWith("spring-boot-restclient-")
                || name.startsWith("spring-boot-webclient-") || name.startsWith("spring-webflux-"));
        assertThat(jvm.classpath()).noneMatch(entry -> entry.contains("spring-boot-restclient-")
                || entry.contains("spring-boot-webclient-") || entry.contains("spring-webflux-"));

        ChildJvm.Result result = jvm.run(WithoutHttpClientsApplication.class, Duration.ofSeconds(60), directory,
                "--spiffe.workload-api.address=" + agent.address(SERVICE));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Started WithoutHttpClientsApplication");
        assertThat(result.output().lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")))
            .as(result.output())
            .isEmpty();
    }
}
