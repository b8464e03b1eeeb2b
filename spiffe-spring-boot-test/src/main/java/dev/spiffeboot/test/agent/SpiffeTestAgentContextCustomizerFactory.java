package dev.spiffeboot.test.agent;

import java.lang.annotation.Annotation;
import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * A {@link SpiffeTestAgentContextCustomizer} for tests annotated with {@link AutoConfigureSpiffeTestAgent}, and for
 * {@code @WebMvcTest} and {@code @WebFluxTest} slices, whose SPIFFE security needs a Workload API too.
 */
final class SpiffeTestAgentContextCustomizerFactory implements ContextCustomizerFactory {

    private static final List<String> SLICES = List.of("org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest",
            "org.springframework.boot.webflux.test.autoconfigure.WebFluxTest");

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        AutoConfigureSpiffeTestAgent annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
                AutoConfigureSpiffeTestAgent.class);
        if (annotation != null) {
            return new SpiffeTestAgentContextCustomizer(SpiffeTestAgentSettings.of(annotation), false);
        }
        if (SLICES.stream().anyMatch(slice -> isAnnotated(testClass, slice))) {
            return new SpiffeTestAgentContextCustomizer(SpiffeTestAgentSettings.DEFAULTS, true);
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static boolean isAnnotated(Class<?> testClass, String annotationName) {
        ClassLoader loader = testClass.getClassLoader();
        if (!ClassUtils.isPresent(annotationName, loader)) {
            return false;
        }
        Class<? extends Annotation> type = (Class<? extends Annotation>) ClassUtils.resolveClassName(annotationName, loader);
        return TestContextAnnotationUtils.findMergedAnnotation(testClass, type) != null;
    }
}
