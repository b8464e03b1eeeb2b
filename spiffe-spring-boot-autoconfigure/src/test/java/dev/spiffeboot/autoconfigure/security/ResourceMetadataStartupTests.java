package dev.spiffeboot.autoconfigure.security;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.spiffeboot.security.resource.ProtectedResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When {@code spiffe.security.resource-metadata.*} turns the protected resource metadata on, and the settings that
 * stop the start-up, each with the property, the value and the reason, and the failure analysis Spring Boot prints.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResourceMetadataStartupTests {

    private static final String PREFIX = "spiffe.security.resource-metadata.";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SpiffeResourceMetadataAutoConfiguration.class));

    @Test
    void offUnlessAskedFor() {
        this.runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProtectedResource.class));
        this.runner.withPropertyValues(PREFIX + "resource=https://orders.example.com")
            .run(context -> assertThat(context).doesNotHaveBean(ProtectedResource.class));
    }

    @Test
    void listingAnAuthorizationServerTurnsItOn() {
        this.runner.withPropertyValues(PREFIX + "authorization-servers[0]=https://auth.example.com").run(context -> {
            ProtectedResource resource = context.getBean(ProtectedResource.class);
            assertThat(resource.authorizationServers()).containsExactly("https://auth.example.com");
            assertThat(resource.resource()).isEmpty();
        });
    }

    @Test
    void enabledDecidesWhenSet() {
        this.runner.withPropertyValues(PREFIX + "enabled=false", PREFIX + "authorization-servers=https://auth.example.com")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProtectedResource.class));
        this.runner.withPropertyValues(PREFIX + "enabled=true", PREFIX + "resource=https://orders.example.com/")
            .run(context -> assertThat(context.getBean(ProtectedResource.class).resource()).contains("https://orders.example.com/"));
    }

    @Test
    void offWithTheSpiffeSecurity() {
        this.runner.withPropertyValues("spiffe.security.enabled=false", PREFIX + "authorization-servers=https://auth.example.com")
            .run(context -> assertThat(context).doesNotHaveBean(ProtectedResource.class));
    }

    @Test
    void backsOffForAProtectedResourceOfTheApplication() {
        this.runner.withUserConfiguration(OwnResource.class).withPropertyValues(PREFIX + "authorization-servers=http://bad")
            .run(context -> assertThat(context).hasNotFailed().getBean(ProtectedResource.class).isSameAs(OwnResource.RESOURCE));
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("resource=http://orders.example.com", "resource: \"http://orders.example.com\" must be an https URL"),
                Arguments.of("resource=https://orders.example.com/api#v1",
                        "resource: \"https://orders.example.com/api#v1\" has a fragment"),
                Arguments.of("resource=https://orders.example.com/api?v=1",
                        "resource: \"https://orders.example.com/api?v=1\" has a query"),
                Arguments.of("resource=/api", "resource: \"/api\" must be an https URL"),
                Arguments.of("resource=https:///api", "resource: \"https:///api\" must name a host"),
                Arguments.of("resource=https://user@orders.example.com",
                        "resource: \"https://user@orders.example.com\" must not carry user information"),
                Arguments.of("resource=https://orders.example.com/a%20b",
                        "resource: \"https://orders.example.com/a%20b\" needs a plain path"),
                Arguments.of("resource=https://orders.example.com/a/../b",
                        "resource: \"https://orders.example.com/a/../b\" needs a plain path"),
                Arguments.of("resource=https://orders.example.com//b", "resource: \"https://orders.example.com//b\" needs a plain path"),
                Arguments.of("resource=https://orders.example.com/a b", "resource: \"https://orders.example.com/a b\" is not a URL"),
                Arguments.of("authorization-servers[1]=https://auth.example.com?tenant=b",
                        "authorization-servers[1]: \"https://auth.example.com?tenant=b\" has a query or fragment"),
                Arguments.of("authorization-servers[1]=http://auth.example.com",
                        "authorization-servers[1]: \"http://auth.example.com\" must be an https URL"),
                Arguments.of("scopes-supported[0]=orders read", "scopes-supported[0]: \"orders read\" is not a scope"),
                Arguments.of("resource-name= ", "resource-name: a resource name must not be blank"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void aBadSettingStopsStartupNamingThePropertyAndTheReason(String setting, String message) {
        this.runner.withPropertyValues(PREFIX + "authorization-servers[0]=https://auth.example.com", PREFIX + setting)
            .run(context -> {
                assertThat(context).hasFailed();
                Throwable failure = context.getStartupFailure();
                assertThat(failure).rootCause().isInstanceOf(ResourceMetadataException.class).hasMessageContaining(PREFIX + message);
                FailureAnalysis analysis = new ResourceMetadataFailureAnalyzer().analyze(failure);
                assertThat(analysis.getDescription()).contains(PREFIX + message);
                assertThat(analysis.getAction()).contains("https URL");
            });
    }

    @Test
    void aResourceIdentifierOutsideTheContextPathStopsStartup() {
        String expected = "the protected resource metadata belongs at "
                + "https://orders.example.com/.well-known/oauth-protected-resource/ctx (RFC 9728 section 3.1), outside the "
                + "application's ";
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpiffeResourceMetadataAutoConfiguration.class))
            .withPropertyValues("server.servlet.context-path=/ctx", PREFIX + "resource=https://orders.example.com/ctx",
                    PREFIX + "enabled=true")
            .run(context -> {
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(expected + "server.servlet.context-path=/ctx");
                assertThat(new ResourceMetadataFailureAnalyzer().analyze(context.getStartupFailure()).getAction())
                    .startsWith("Remove the context path");
            });
        new ReactiveWebApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpiffeResourceMetadataAutoConfiguration.class))
            .withPropertyValues("spring.webflux.base-path=/ctx", PREFIX + "resource=https://orders.example.com/ctx",
                    PREFIX + "enabled=true")
            .run(context -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining(expected + "spring.webflux.base-path=/ctx"));
    }

    @Test
    void aContextPathIsFineWhenTheResourceIsDerived() {
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpiffeResourceMetadataAutoConfiguration.class))
            .withPropertyValues("server.servlet.context-path=/ctx", PREFIX + "enabled=true")
            .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ProtectedResource.class));
    }

    @Test
    void springBootPrintsWhatIsWrongAndWhatToSet(CapturedOutput output) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run("--" + PREFIX + "authorization-servers=http://auth.example.com"))
            .isInstanceOf(Exception.class);
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("The application refused to start: the OAuth 2.0 protected resource metadata cannot be served as configured: "
                    + PREFIX + "authorization-servers[0]: \"http://auth.example.com\" must be an https URL.")
            .contains("Set spiffe.security.resource-metadata.resource to an https URL");
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnResource {

        static final ProtectedResource RESOURCE = ProtectedResource.builder().resource("https://mine.example.com").build();

        @Bean
        ProtectedResource protectedResource() {
            return RESOURCE;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

    }
}
