package dev.spiffeboot.autoconfigure.aot;

import java.util.List;

import javax.lang.model.element.Modifier;

import org.springframework.aot.generate.GeneratedMethod;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.javapoet.CodeBlock;

/**
 * Records the {@link AotBuildSettings} of the AOT processing in the generated application context initializer, which
 * verifies them against the run's environment first thing, before any SPIFFE bean is created.
 */
final class SpiffeAotProcessor implements BeanFactoryInitializationAotProcessor {

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        if (!beanFactory.containsBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME)) {
            return null;
        }
        List<String> recorded = AotBuildSettings.read(beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME, Environment.class));
        CodeBlock arguments = CodeBlock.join(recorded.stream().map(setting -> CodeBlock.of("$S", setting)).toList(), ", ");
        return (generationContext, code) -> {
            GeneratedMethod method = code.getMethods().add("verifySpiffeAotBuildSettings", builder -> builder
                .addJavadoc("Refuses to start with other SPIFFE settings than those the AOT processing saw.")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(Environment.class, "environment")
                .addStatement("$T.verify(environment, $L)", AotBuildSettings.class, arguments));
            code.addInitializer(method.toMethodReference());
        };
    }
}
