package dev.spiffeboot.autoconfigure.grpc.server;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ImportRuntimeHints;

import static org.assertj.core.api.Assertions.assertThat;

class SpiffeGrpcServerRuntimeHintsTests {

    @Test
    void theBuilderCustomizersMayBeAskedForThoseOfTheFactory() throws Exception {
        RuntimeHints hints = new RuntimeHints();
        new SpiffeGrpcServerRuntimeHints().registerHints(hints, getClass().getClassLoader());
        Class<?> customizers = Class.forName(SpiffeGrpcServerRuntimeHints.BUILDER_CUSTOMIZERS_CLASS);
        // the method builderCustomizers(...) calls
        assertThat(customizers.getDeclaredMethod("forFactory")).isNotNull();
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(customizers, "forFactory")).accepts(hints);
    }

    @Test
    void theHintsNameTheClassOfSpringBootsCustomizersBean() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class, SslAutoConfiguration.class))
            .withBean(BindableService.class, () -> () -> ServerServiceDefinition.builder("test.Service").build())
            .run(context -> assertThat(context.getBean("grpcServerBuilderCustomizers").getClass().getName())
                .isEqualTo(SpiffeGrpcServerRuntimeHints.BUILDER_CUSTOMIZERS_CLASS));
    }

    @Test
    void theNettyServerConfigurationImportsTheHints() {
        assertThat(SpiffeNettyGrpcServerConfiguration.class.getAnnotation(ImportRuntimeHints.class).value())
            .containsExactly(SpiffeGrpcServerRuntimeHints.class);
    }
}
