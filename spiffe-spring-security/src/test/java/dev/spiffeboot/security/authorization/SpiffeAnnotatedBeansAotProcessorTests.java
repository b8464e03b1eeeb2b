package dev.spiffeboot.security.authorization;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;

import dev.spiffeboot.security.annotation.AllowSpiffeIds;

import static org.assertj.core.api.Assertions.assertThat;

class SpiffeAnnotatedBeansAotProcessorTests {

    @Test
    void springAotFindsTheProcessor() {
        assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
            .anyMatch(SpiffeAnnotatedBeansAotProcessor.class::isInstance);
    }

    @Test
    void theWholeHierarchyOfAnAnnotatedBeanMayBeRead() {
        RuntimeHints hints = process(Annotated.class);
        assertThat(RuntimeHintsPredicates.reflection().onType(Annotated.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(AnnotatedBase.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Contract.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Object.class)).rejects(hints);
    }

    @Test
    void soMayThatOfAGrpcServiceWithoutAnnotations() {
        RuntimeHints hints = process(Greeter.class);
        assertThat(RuntimeHintsPredicates.reflection().onType(Greeter.class)).accepts(hints);
        // protoc's generated base class, whose declared methods the serving methods are looked for among
        assertThat(RuntimeHintsPredicates.reflection().onType(GeneratedImplBase.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(BindableService.class)).accepts(hints);
    }

    @Test
    void otherBeansGetNoHint() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(Plain.class));
        assertThat(new SpiffeAnnotatedBeansAotProcessor().processAheadOfTime(RegisteredBean.of(beanFactory, "plain"))).isNull();
    }

    private static RuntimeHints process(Class<?> beanClass) {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("bean", new RootBeanDefinition(beanClass));
        BeanRegistrationAotContribution contribution = new SpiffeAnnotatedBeansAotProcessor()
            .processAheadOfTime(RegisteredBean.of(beanFactory, "bean"));
        DefaultGenerationContext generationContext = new DefaultGenerationContext(new ClassNameGenerator(ClassName.get("com.example", "App")),
                new InMemoryGeneratedFiles());
        contribution.applyTo(generationContext, null);
        return generationContext.getRuntimeHints();
    }

    interface Contract {

        String hello();
    }

    abstract static class AnnotatedBase implements Contract {

        @AllowSpiffeIds("spiffe://example.org/client")
        @Override
        public String hello() {
            return "hello";
        }
    }

    static class Annotated extends AnnotatedBase {

    }

    abstract static class GeneratedImplBase implements BindableService {

        public void sayHello(String request, StreamObserver<String> responses) {
            responses.onCompleted();
        }

        @Override
        public ServerServiceDefinition bindService() {
            return ServerServiceDefinition.builder("helloworld.Greeter").build();
        }
    }

    static class Greeter extends GeneratedImplBase {

        @Override
        public void sayHello(String request, StreamObserver<String> responses) {
            responses.onNext("Hello " + request);
            responses.onCompleted();
        }
    }

    static class Plain {

        public String hello() {
            return "hello";
        }
    }
}
