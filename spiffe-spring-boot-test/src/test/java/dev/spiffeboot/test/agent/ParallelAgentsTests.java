package dev.spiffeboot.test.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.spiffeboot.test.app.GreetingApplication;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Two test classes with different identities run at the same time under JUnit's parallel execution, each with its
 * own application context and agent: each waits in its test until the other is in its own.
 */
class ParallelAgentsTests {

    static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);

    static final Map<String, String> ADDRESSES = new ConcurrentHashMap<>();

    private static volatile boolean launched;

    /** Whether this test launched the two classes: they only run from here, never on their own. */
    static boolean launched() {
        return launched;
    }

    @Test
    void testClassesWithDifferentIdentitiesRunConcurrentlyEachWithItsOwnAgent() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(BillingCase.class), selectClass(FrontendCase.class))
            .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
            .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
            .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
            .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
            .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launched = true;
        try {
            LauncherFactory.create().execute(request, listener);
        }
        finally {
            launched = false;
        }
        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getFailures()).extracting(failure -> failure.getException().toString()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(ADDRESSES).containsOnlyKeys("spiffe://example.org/billing", "spiffe://example.org/frontend");
        assertThat(ADDRESSES.get("spiffe://example.org/billing")).isNotEqualTo(ADDRESSES.get("spiffe://example.org/frontend"));
    }

    /** A test class that checks its identity while the other one runs. */
    abstract static class ParallelCase {

        @Autowired
        SpiffeTestAgent agent;

        @Autowired
        X509Source source;

        @Test
        void hasItsOwnIdentityWhileTheOtherRuns() throws Exception {
            String id = this.source.x509Svid().id().toString();
            assertThat(id).isEqualTo(this.agent.spiffeId().toString());
            BOTH_RUNNING.await(60, TimeUnit.SECONDS);
            // both contexts are up: each application still has its own identity from its own agent
            assertThat(this.source.x509Svid().id().toString()).isEqualTo(id);
            ADDRESSES.put(id, this.agent.address().toString());
        }
    }

    @EnabledIf("dev.spiffeboot.test.agent.ParallelAgentsTests#launched")
    @SpringBootTest(classes = GreetingApplication.class)
    @AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://example.org/billing")
    static class BillingCase extends ParallelCase {

    }

    @EnabledIf("dev.spiffeboot.test.agent.ParallelAgentsTests#launched")
    @SpringBootTest(classes = GreetingApplication.class)
    @AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://example.org/frontend")
    static class FrontendCase extends ParallelCase {

    }
}
