package dev.spiffeboot.test.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.spiffeboot.test.app.GreetingApplication;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two test classes with different identities run at the same time under JUnit's parallel execution, each with its
 * own application context and agent: each waits in its test until the other is in its own.
 */
class ParallelAgentsTests {

    static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);

    static final Map<String, String> ADDRESSES = new ConcurrentHashMap<>();

    @Test
    void testClassesWithDifferentIdentitiesRunConcurrentlyEachWithItsOwnAgent() {
        CaseLauncher.runPassing(Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"), BillingCase.class, FrontendCase.class);
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

    @EnabledIf("dev.spiffeboot.test.agent.CaseLauncher#running")
    @SpringBootTest(classes = GreetingApplication.class)
    @AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://example.org/billing")
    static class BillingCase extends ParallelCase {

    }

    @EnabledIf("dev.spiffeboot.test.agent.CaseLauncher#running")
    @SpringBootTest(classes = GreetingApplication.class)
    @AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://example.org/frontend")
    static class FrontendCase extends ParallelCase {

    }
}
