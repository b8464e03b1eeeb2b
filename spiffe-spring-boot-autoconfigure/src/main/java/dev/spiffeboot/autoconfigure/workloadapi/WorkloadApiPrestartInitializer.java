package dev.spiffeboot.autoconfigure.workloadapi;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts the Workload API client and sources in the background as soon as the environment is known, before the
 * application context is refreshed, when the {@link SpiffeWorkloadApiAutoConfiguration} would create them (SPIFFE
 * enabled and a Workload API address set), and puts them in the context for it to adopt; see
 * {@link WorkloadApiPrestart}. Settings it cannot read are left for the auto-configuration to report. Not during AOT
 * processing, which creates no bean (and could not generate code for this bean's instance).
 */
final class WorkloadApiPrestartInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (!(context instanceof BeanDefinitionRegistry registry) || registry.containsBeanDefinition(WorkloadApiPrestart.BEAN_NAME)
                || !OnWorkloadApiAddressCondition.isConfigured(environment) || Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
            return;
        }
        WorkloadApiSettings settings;
        try {
            SpiffeWorkloadApiProperties properties = Binder.get(environment)
                .bindOrCreate("spiffe.workload-api", SpiffeWorkloadApiProperties.class);
            settings = WorkloadApiSettings.of(properties, environment);
        }
        catch (RuntimeException ex) {
            // the auto-configuration binds them again and fails with the property named
            return;
        }
        WorkloadApiPrestart prestart = WorkloadApiPrestart.start(settings);
        RootBeanDefinition definition = new RootBeanDefinition(WorkloadApiPrestart.class, () -> prestart);
        // created even in a lazily initialized context, so that what is not adopted gets closed
        definition.setLazyInit(false);
        registry.registerBeanDefinition(WorkloadApiPrestart.BEAN_NAME, definition);
    }
}
