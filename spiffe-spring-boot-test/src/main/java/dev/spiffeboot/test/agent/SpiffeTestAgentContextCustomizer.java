package dev.spiffeboot.test.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

import dev.spiffeboot.test.client.SpiffeTestClients;

/**
 * Starts a {@link SpiffeTestAgent} for an application context before it is refreshed, points the application at it
 * and closes it with the context. For a slice test without {@link AutoConfigureSpiffeTestAgent} it stands back when
 * the test configured a Workload API address itself, or turned SPIFFE off.
 */
final class SpiffeTestAgentContextCustomizer implements ContextCustomizer {

    static final String ADDRESS_PROPERTY = "spiffe.workload-api.address";

    private static final String PROPERTY_SOURCE = "spiffeTestAgent";

    private final SpiffeTestAgentSettings settings;

    private final boolean unlessConfigured;

    /**
     * @param unlessConfigured whether an address in the test's own properties, or {@code spiffe.enabled=false}, wins
     */
    SpiffeTestAgentContextCustomizer(SpiffeTestAgentSettings settings, boolean unlessConfigured) {
        this.settings = settings;
        this.unlessConfigured = unlessConfigured;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (this.unlessConfigured && (!environment.getProperty("spiffe.enabled", Boolean.class, true)
                || testSetsAddress(mergedConfig))) {
            return;
        }
        SpiffeTestAgent agent;
        try {
            agent = SpiffeTestAgent.start(this.settings);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot start the SPIFFE test agent: " + ex.getMessage(), ex);
        }
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        beans.registerSingleton(SpiffeTestAgent.BEAN_NAME, agent);
        // also when the refresh fails, which destroys the singletons without a close event
        ((DefaultSingletonBeanRegistry) beans).registerDisposableBean(SpiffeTestAgent.BEAN_NAME, (DisposableBean) agent::close);
        beans.registerSingleton(SpiffeTestClients.BEAN_NAME, new SpiffeTestClients(context));
        environment.getPropertySources()
            .addFirst(new MapPropertySource(PROPERTY_SOURCE, Map.of(ADDRESS_PROPERTY, agent.address().toString())));
    }

    /**
     * Whether the test itself names a Workload API, in its inlined properties ({@code @WebMvcTest(properties = ...)},
     * {@code @TestPropertySource(properties = ...)}). The application's own configuration does not count: its
     * {@code application.yml} names the production agent, which a slice test must not depend on.
     */
    private static boolean testSetsAddress(MergedContextConfiguration mergedConfig) {
        if (mergedConfig == null) {
            return false;
        }
        String address = TestPropertySourceUtils.convertInlinedPropertiesToMap(mergedConfig.getPropertySourceProperties())
            .get(ADDRESS_PROPERTY) instanceof String value ? value : null;
        return address != null && !address.isBlank();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SpiffeTestAgentContextCustomizer that && this.settings.equals(that.settings)
                && this.unlessConfigured == that.unlessConfigured;
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.settings, this.unlessConfigured);
    }
}
