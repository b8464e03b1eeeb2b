package dev.spiffeboot.test.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The customizer's equality is the context cache key: same settings share a context (and its agent), different
 * settings do not. Each context's agent lives and dies with it.
 */
class SpiffeTestAgentContextCustomizerTests {

    private final SpiffeTestAgentContextCustomizerFactory factory = new SpiffeTestAgentContextCustomizerFactory();

    @Test
    void sameSettingsShareTheContextAndDifferentOnesDoNot() {
        ContextCustomizer billing = customizer(Billing.class);
        assertThat(customizer(AlsoBilling.class)).isEqualTo(billing).hasSameHashCodeAs(billing);
        assertThat(customizer(Frontend.class)).isNotEqualTo(billing);
        assertThat(customizer(BillingWithBatch.class)).isNotEqualTo(billing);
        assertThat(customizer(Defaults.class)).isNotEqualTo(billing);
    }

    @Test
    void testsWithoutTheAnnotationGetNoAgent() {
        assertThat(customizer(Plain.class)).isNull();
    }

    @Test
    void nestedTestsUseTheirEnclosingClassesSettings() {
        assertThat(customizer(Billing.Inner.class)).isEqualTo(customizer(Billing.class));
    }

    @Test
    void wrongSettingsNameTheAttribute() {
        assertThatIllegalArgumentException().isThrownBy(() -> customizer(Wrong.class)).withMessageContaining("identities");
    }

    @Test
    void agentServesTheContextAndStopsWithIt() {
        GenericApplicationContext context = new GenericApplicationContext();
        customizer(BillingWithBatch.class).customizeContext(context, null);
        context.refresh();
        SpiffeTestAgent agent = SpiffeTestAgent.of(context);
        Path socket = agent.address().socketPath().orElseThrow();
        assertThat(context.getEnvironment().getProperty("spiffe.workload-api.address")).isEqualTo(agent.address().toString());
        try (X509Source source = X509Source.builder().address(agent.address()).build()) {
            assertThat(source.x509Svid().id().toString()).isEqualTo("spiffe://example.org/billing");
        }
        context.close();
        assertThat(socket).doesNotExist();
        assertThat(socket.getParent()).doesNotExist();
    }

    @Test
    void agentStopsWhenTheContextFailsToStart() {
        GenericApplicationContext context = new GenericApplicationContext();
        customizer(Billing.class).customizeContext(context, null);
        Path socket = context.getBeanFactory().getBean(SpiffeTestAgent.class).address().socketPath().orElseThrow();
        context.registerBean("broken", Object.class, () -> {
            throw new IllegalStateException("broken on purpose");
        });
        try {
            context.refresh();
        }
        catch (RuntimeException expected) {
            // the refresh fails as it should
        }
        assertThat(Files.exists(socket)).isFalse();
    }

    @Test
    void sliceAgentStandsBackForAnAddressOfTheTestsOwnPropertiesOrSpiffeOff() {
        SpiffeTestAgentContextCustomizer slice = new SpiffeTestAgentContextCustomizer(SpiffeTestAgentSettings.DEFAULTS, true);
        MergedContextConfiguration addressInTest = mergedConfig("spiffe.workload-api.address=unix:///nowhere.sock");
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            slice.customizeContext(context, addressInTest);
            context.refresh();
            assertThat(context.containsBean(SpiffeTestAgent.BEAN_NAME)).isFalse();
        }
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.setEnvironment(new MockEnvironment().withProperty("spiffe.enabled", "false"));
            slice.customizeContext(context, mergedConfig());
            context.refresh();
            assertThat(context.containsBean(SpiffeTestAgent.BEAN_NAME)).isFalse();
        }
    }

    @Test
    void sliceAgentReplacesTheAddressOfTheApplicationsConfiguration() {
        SpiffeTestAgentContextCustomizer slice = new SpiffeTestAgentContextCustomizer(SpiffeTestAgentSettings.DEFAULTS, true);
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.setEnvironment(new MockEnvironment().withProperty("spiffe.workload-api.address", "unix:///production/agent.sock"));
            slice.customizeContext(context, mergedConfig());
            context.refresh();
            SpiffeTestAgent agent = context.getBean(SpiffeTestAgent.class);
            assertThat(context.getEnvironment().getProperty("spiffe.workload-api.address")).isEqualTo(agent.address().toString());
        }
    }

    private static MergedContextConfiguration mergedConfig(String... inlinedProperties) {
        return new MergedContextConfiguration(SpiffeTestAgentContextCustomizerTests.class, new String[0], new Class<?>[0], Set.of(),
                new String[0], List.of(), inlinedProperties, Set.of(), null, null, null);
    }

    private ContextCustomizer customizer(Class<?> testClass) {
        return this.factory.createContextCustomizer(testClass, List.of());
    }

    @AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://example.org/billing")
    static class Billing {

        class Inner {

        }
    }

    @AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://example.org/billing")
    static class AlsoBilling {

    }

    @AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://example.org/billing", identities = "spiffe://example.org/batch")
    static class BillingWithBatch {

    }

    @AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://example.org/frontend")
    static class Frontend {

    }

    @AutoConfigureSpiffeTestAgent
    static class Defaults {

    }

    @AutoConfigureSpiffeTestAgent(identities = "not a spiffe id")
    static class Wrong {

    }

    static class Plain {

    }
}
