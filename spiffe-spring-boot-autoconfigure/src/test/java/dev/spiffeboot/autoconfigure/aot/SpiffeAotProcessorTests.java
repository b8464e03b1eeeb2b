package dev.spiffeboot.autoconfigure.aot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedClass;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.GeneratedMethods;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.generate.MethodReference;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.aot.BeanFactoryInitializationCode;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class SpiffeAotProcessorTests {

    @Test
    void springAotFindsTheProcessor() {
        assertThat(AotServices.factories().load(BeanFactoryInitializationAotProcessor.class))
            .anyMatch(SpiffeAotProcessor.class::isInstance);
    }

    @Test
    void theGeneratedInitializerVerifiesTheSettingsOfTheBuild() throws IOException {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerSingleton(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME,
                new MockEnvironment().withProperty("spiffe.workload-api.address", "unix:/build/only.sock")
                    .withProperty("spiffe.server.enabled", "true"));
        BeanFactoryInitializationAotContribution contribution = new SpiffeAotProcessor().processAheadOfTime(beanFactory);
        InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
        DefaultGenerationContext generationContext = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get("com.example", "App")), files);
        GeneratedClass initializer = generationContext.getGeneratedClasses()
            .addForFeature("ApplicationContextInitializer", type -> { });
        RecordingCode code = new RecordingCode(initializer);
        contribution.applyTo(generationContext, code);
        generationContext.writeGeneratedContent();

        assertThat(code.initializers).singleElement().hasToString("<com.example.App__ApplicationContextInitializer>::verifySpiffeAotBuildSettings");
        assertThat(files.getGeneratedFileContent(Kind.SOURCE, "com/example/App__ApplicationContextInitializer.java"))
            .contains("private void verifySpiffeAotBuildSettings(Environment environment)")
            .contains("AotBuildSettings.verify(environment, \"spiffe.enabled=true\", "
                    + "\"spiffe.workload-api.address or SPIFFE_ENDPOINT_SOCKET=set\"")
            .contains("\"spiffe.server.enabled=true\"");
    }

    @Test
    void withoutAnEnvironmentNothingIsGenerated() {
        assertThat(new SpiffeAotProcessor().processAheadOfTime(new DefaultListableBeanFactory())).isNull();
    }

    /** The initializer's generated methods and the methods it calls, as Spring's application context generator keeps them. */
    private static final class RecordingCode implements BeanFactoryInitializationCode {

        private final GeneratedClass initializer;

        private final List<MethodReference> initializers = new ArrayList<>();

        RecordingCode(GeneratedClass initializer) {
            this.initializer = initializer;
        }

        @Override
        public ClassName getClassName() {
            return this.initializer.getName();
        }

        @Override
        public GeneratedMethods getMethods() {
            return this.initializer.getMethods();
        }

        @Override
        public void addInitializer(MethodReference methodReference) {
            this.initializers.add(methodReference);
        }
    }
}
