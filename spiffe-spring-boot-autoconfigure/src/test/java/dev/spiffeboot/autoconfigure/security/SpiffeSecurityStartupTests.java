package dev.spiffeboot.autoconfigure.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.annotation.AllowSpiffeIds;
import dev.spiffeboot.security.annotation.SpiffeAuthorize;
import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.web.PeerIdentityResolver;

import static org.assertj.core.api.Assertions.assertThat;

/** What the SPIFFE security auto-configuration refuses to start with, and when it steps aside. */
class SpiffeSecurityStartupTests {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity("spiffe://example.org/server").build();

    private WebApplicationContextRunner runner() {
        return SecurityContextRunner.on(agent.address("spiffe://example.org/server"));
    }

    @Test
    void providesTheFilterChainAndNoGeneratedPassword() {
        runner().run(context -> {
            assertThat(context).hasNotFailed().hasBean("spiffeSecurityFilterChain").hasSingleBean(SecurityFilterChain.class)
                .doesNotHaveBean(UserDetailsService.class);
        });
    }

    @Test
    void aMalformedSpiffeIdInARuleStopsStartupNamingTheRule() {
        runner().withPropertyValues("spiffe.security.policy.rules[0].name=partners",
                "spiffe.security.policy.rules[0].from[0].principals[0]=spiffe://example.org/a b").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining(
                            "spiffe.security.policy.rules[0] (partners) from[0].principals[0] \"spiffe://example.org/a b\": invalid SPIFFE ID");
                });
    }

    @Test
    void aBadAnnotationStopsStartupNamingTheMethod() {
        runner().withUserConfiguration(BadAnnotation.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("Invalid SPIFFE authorization annotation on "
                    + BadAnnotation.Service.class.getName() + ".call: invalid SPIFFE ID \"not-a-spiffe-id\"");
        });
        runner().withUserConfiguration(BadExpression.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("Invalid SPIFFE authorization annotation on "
                    + BadExpression.Service.class.getName() + ".call: @SpiffeAuthorize(\"callerIs('a'\") does not parse");
        });
    }

    @Test
    void anIssuerWithAPlainHttpKeySetUrlStopsStartup() {
        runner().withPropertyValues("spiffe.jwt.issuers[0].issuer=https://idp.example.com",
                "spiffe.jwt.issuers[0].audiences=api", "spiffe.jwt.issuers[0].jwk-set-uri=http://idp.example.com/jwks").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageStartingWith("spiffe.jwt.issuers[0].jwk-set-uri must be an https URL");
                });
    }

    @Test
    void stepsAsideWhenTurnedOff() {
        runner().withPropertyValues("spiffe.security.enabled=false").run(context -> {
            assertThat(context).hasNotFailed()
                .doesNotHaveBean(BearerTokenAuthenticator.class)
                .doesNotHaveBean(PeerIdentityResolver.class)
                .doesNotHaveBean("spiffeSecurityFilterChain");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class BadAnnotation {

        @Bean
        Service service() {
            return new Service();
        }

        static class Service {

            @AllowSpiffeIds("not-a-spiffe-id")
            public String call() {
                return "called";
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadExpression {

        @Bean
        Service service() {
            return new Service();
        }

        static class Service {

            @SpiffeAuthorize("callerIs('a'")
            public String call() {
                return "called";
            }
        }
    }
}
