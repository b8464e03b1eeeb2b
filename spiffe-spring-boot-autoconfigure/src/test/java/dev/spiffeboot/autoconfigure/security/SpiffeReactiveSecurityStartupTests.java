package dev.spiffeboot.autoconfigure.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtAutoConfiguration;
import dev.spiffeboot.autoconfigure.security.reactive.SpiffeReactiveSecurityAutoConfiguration;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.annotation.AllowSpiffeIds;

import static org.assertj.core.api.Assertions.assertThat;

/** What the reactive SPIFFE security refuses to start with. */
class SpiffeReactiveSecurityStartupTests {

    private static final String SERVER = "spiffe://example.org/server";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).build();

    private ReactiveWebApplicationContextRunner runner() {
        return new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class, SpiffeJwtAutoConfiguration.class,
                    SpiffeSecurityAutoConfiguration.class, SpiffeReactiveSecurityAutoConfiguration.class,
                    ReactiveWebSecurityAutoConfiguration.class))
            .withPropertyValues("spiffe.workload-api.address=" + agent.address(SERVER));
    }

    @Test
    void annotatedReactiveMethodsStart() {
        runner().withUserConfiguration(ReactiveService.class).run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void anAnnotatedMethodThatIsNotReactiveStopsStartupNamingIt() {
        runner().withUserConfiguration(PlainService.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("SPIFFE authorization annotations on "
                    + PlainService.Service.class.getName() + ".call, which returns String: in a reactive application an annotated"
                    + " method must return a Publisher (Mono or Flux)");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class ReactiveService {

        @Bean
        Service service() {
            return new Service();
        }

        static class Service {

            @AllowSpiffeIds("spiffe://example.org/client")
            public Mono<String> call() {
                return Mono.just("called");
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PlainService {

        @Bean
        Service service() {
            return new Service();
        }

        static class Service {

            @AllowSpiffeIds("spiffe://example.org/client")
            public String call() {
                return "called";
            }
        }
    }
}
