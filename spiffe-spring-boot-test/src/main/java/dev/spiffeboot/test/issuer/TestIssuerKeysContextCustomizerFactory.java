package dev.spiffeboot.test.issuer;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** A {@link TestIssuerKeysContextCustomizer} for tests annotated with {@link AutoConfigureTestIssuerKeys}. */
final class TestIssuerKeysContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return TestContextAnnotationUtils.hasAnnotation(testClass, AutoConfigureTestIssuerKeys.class)
                ? new TestIssuerKeysContextCustomizer() : null;
    }
}
