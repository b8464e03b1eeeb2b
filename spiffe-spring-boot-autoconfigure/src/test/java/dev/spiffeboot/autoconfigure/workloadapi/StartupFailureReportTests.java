package dev.spiffeboot.autoconfigure.workloadapi;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.spiffeboot.workloadapi.WorkloadApiAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real application start without a Workload API: Spring Boot prints the SPIFFE failure analysis. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

    @Test
    void printsWhatHappenedAndWhatToSet(@TempDir Path directory, CapturedOutput output) {
        WorkloadApiAddress nowhere = WorkloadApiAddress.unix(directory.resolve("agent.sock"));
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run("--spiffe.workload-api.address=" + nowhere,
                "--spiffe.workload-api.startup-timeout=1s", "--spiffe.workload-api.reconnect-initial-backoff=100ms"))
            .isInstanceOf(Exception.class);
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("The application could not get its SPIFFE identity: no X509-SVID from the Workload API at " + nowhere
                    + " within PT1S; last status: ")
            .contains("UNAVAILABLE: no Workload API socket at " + directory.resolve("agent.sock")
                    + " (the agent is not running, or the address is wrong)")
            .contains("Start the SPIFFE agent (SPIRE agent or spiffe-dev-agent), or point spiffe.workload-api.address");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

    }
}
