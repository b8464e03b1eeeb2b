package dev.spiffeboot.test.issuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtProperties;

/**
 * Starts the {@link TestIssuerKeys} of an application context before it is refreshed, points every issuer of
 * {@code spiffe.jwt.issuers} at their JWK Set, and stops them with the context.
 */
final class TestIssuerKeysContextCustomizer implements ContextCustomizer {

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        ConfigurableEnvironment environment = context.getEnvironment();
        List<SpiffeJwtProperties.Issuer> issuers = Binder.get(environment)
            .bind("spiffe.jwt.issuers", Bindable.listOf(SpiffeJwtProperties.Issuer.class))
            .orElse(List.of());
        Map<String, List<String>> audiences = new LinkedHashMap<>();
        issuers.forEach(issuer -> audiences.put(issuer.getIssuer(), List.copyOf(issuer.getAudiences())));
        TestIssuerKeys keys;
        try {
            keys = TestIssuerKeys.start(audiences);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot start the test issuer keys: " + ex.getMessage(), ex);
        }
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        beans.registerSingleton(TestIssuerKeys.BEAN_NAME, keys);
        ((DefaultSingletonBeanRegistry) beans).registerDisposableBean(TestIssuerKeys.BEAN_NAME, (DisposableBean) keys::close);
        // the whole list: Spring Boot binds a list from the first property source that has any of its elements
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (int i = 0; i < issuers.size(); i++) {
            SpiffeJwtProperties.Issuer issuer = issuers.get(i);
            String prefix = "spiffe.jwt.issuers[" + i + "].";
            overrides.put(prefix + "issuer", issuer.getIssuer());
            for (int j = 0; j < issuer.getAudiences().size(); j++) {
                overrides.put(prefix + "audiences[" + j + "]", issuer.getAudiences().get(j));
            }
            overrides.put(prefix + "jwk-set-uri", keys.jwkSetUri());
        }
        environment.getPropertySources().addFirst(new MapPropertySource("testIssuerKeys", overrides));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TestIssuerKeysContextCustomizer;
    }

    @Override
    public int hashCode() {
        return TestIssuerKeysContextCustomizer.class.hashCode();
    }
}
