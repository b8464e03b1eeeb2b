package dev.spiffeboot.autoconfigure.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.spiffeboot.autoconfigure.testing.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A servlet application without Jackson, Gson or JSON-B, in which Spring Security's metadata filter could write no
 * document, refuses to start when the protected resource metadata is on, with the failure analysis; it starts when it
 * is off.
 */
class ResourceMetadataWithoutJsonTests {

    private static final Predicate<String> JSON_LIBRARIES = name -> name.startsWith("jackson-") || name.startsWith("gson-")
            || name.startsWith("jakarta.json") || name.startsWith("yasson-") || name.startsWith("johnzon-");

    @Test
    void refusesToStartWithTheMetadataOn(@TempDir Path directory) throws Exception {
        ChildJvm jvm = ChildJvm.testClasspathWithout(JSON_LIBRARIES);
        assertThat(jvm.classpath()).noneMatch(entry -> JSON_LIBRARIES.test(Path.of(entry).getFileName().toString()));

        ChildJvm.Result refused = jvm.run(NoJsonLibraryApplication.class, Duration.ofSeconds(60), directory, "--server.port=0",
                "--spiffe.security.resource-metadata.authorization-servers=https://auth.example.com");
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("APPLICATION FAILED TO START")
            .contains("the OAuth 2.0 protected resource metadata cannot be served as configured: Spring Security's "
                    + "OAuth2ProtectedResourceMetadataFilter writes the metadata with Jackson, Gson or JSON-B, and none is on "
                    + "the class path")
            .contains("Add spring-boot-starter-jackson");

        ChildJvm.Result started = jvm.run(NoJsonLibraryApplication.class, Duration.ofSeconds(60), directory, "--server.port=0");
        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.output()).contains("Started NoJsonLibraryApplication");
    }
}
