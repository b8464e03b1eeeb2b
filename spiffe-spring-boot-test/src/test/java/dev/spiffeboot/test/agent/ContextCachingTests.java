package dev.spiffeboot.test.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.spiffeboot.test.app.GreetingApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's context cache with test agents: test classes with the same settings share the application context and
 * its agent; a class with another identity gets its own.
 */
class ContextCachingTests {

    static final Map<Class<?>, SpiffeTestAgent> AGENTS = new ConcurrentHashMap<>();

    @Test
    void sameSettingsShareTheAgentAndOthersDoNot() {
        CaseLauncher.runPassing(Map.of(), InventoryCase.class, AlsoInventoryCase.class, ShippingCase.class);
        assertThat(AGENTS).hasSize(3);
        assertThat(AGENTS.get(AlsoInventoryCase.class)).isSameAs(AGENTS.get(InventoryCase.class));
        assertThat(AGENTS.get(ShippingCase.class)).isNotSameAs(AGENTS.get(InventoryCase.class));
        assertThat(AGENTS.get(ShippingCase.class).address()).isNotEqualTo(AGENTS.get(InventoryCase.class).address());
    }

    /** Records the agent of its context. */
    abstract static class CachingCase {

        @Autowired
        SpiffeTestAgent agent;

        @Test
        void recordsItsAgent() {
            AGENTS.put(getClass(), this.agent);
        }
    }

    @EnabledIf("dev.spiffeboot.test.agent.CaseLauncher#running")
    @SpringBootTest(classes = GreetingApplication.class)
    @AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://example.org/inventory")
    static class InventoryCase extends CachingCase {

    }

    @EnabledIf("dev.spiffeboot.test.agent.CaseLauncher#running")
    @SpringBootTest(classes = GreetingApplication.class)
    @AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://example.org/inventory")
    static class AlsoInventoryCase extends CachingCase {

    }

    @EnabledIf("dev.spiffeboot.test.agent.CaseLauncher#running")
    @SpringBootTest(classes = GreetingApplication.class)
    @AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://example.org/shipping")
    static class ShippingCase extends CachingCase {

    }
}
