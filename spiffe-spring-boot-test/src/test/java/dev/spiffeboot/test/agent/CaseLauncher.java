package dev.spiffeboot.test.agent;

import java.util.Arrays;
import java.util.Map;

import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs test classes ("cases") from a test, as a build would run them; cases carry
 * {@code @EnabledIf("dev.spiffeboot.test.agent.CaseLauncher#running")} so that they never run on their own.
 */
final class CaseLauncher {

    private static volatile boolean running;

    private CaseLauncher() {
    }

    /** Whether cases are being launched. */
    static boolean running() {
        return running;
    }

    /** Runs the cases with the JUnit configuration parameters and checks that every test of them passed. */
    static TestExecutionSummary runPassing(Map<String, String> configuration, Class<?>... cases) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
            .selectors(Arrays.stream(cases).map(DiscoverySelectors::selectClass).toList())
            .configurationParameters(configuration)
            .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        running = true;
        try {
            LauncherFactory.create().execute(request, listener);
        }
        finally {
            running = false;
        }
        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getFailures()).extracting(failure -> failure.getException().toString()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(cases.length);
        return summary;
    }
}
