package dev.spiffeboot.autoconfigure.security;

import java.time.Clock;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.IssuerTokenVerifiers;
import dev.spiffeboot.security.authentication.JwtSvidVerifier;
import dev.spiffeboot.security.authentication.PeerVerifier;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.ValidatedTokenCache;
import dev.spiffeboot.security.policy.AuthorizationPolicy;
import dev.spiffeboot.security.web.PeerIdentityResolver;
import dev.spiffeboot.security.web.SpiffeBearerTokenConverter;
import dev.spiffeboot.security.web.access.SpiffeRequestPolicy;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.workloadapi.JwtSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Every bean of the security auto-configuration backs off for one of the application's, which is then used. */
class OverridePointsTests {

    static final String SERVER = "spiffe://example.org/server";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).build();

    private WebApplicationContextRunner runner() {
        return SecurityContextRunner.on(agent.address(SERVER));
    }

    static Stream<Arguments> roles() {
        return Stream.of(
                role(JwtSvidVerifier.class, () -> (JwtSvidVerifier) token -> {
                    throw BearerTokenRejectedException.invalid("MINE", "mine");
                }),
                role(IssuerTokenVerifiers.class, IssuerTokenVerifiers::none),
                role(ValidatedTokenCache.class, () -> new ValidatedTokenCache(1, Clock.systemUTC())),
                role(AuthorizationPolicy.class, AuthorizationPolicy::authenticatedCallers),
                role(PeerVerifier.class, () -> new PeerVerifier(X509SvidVerifier.of(trustDomain -> java.util.Optional.empty()),
                        RejectionListener.none())),
                role(PeerIdentityResolver.class, () -> (PeerIdentityResolver) request -> null),
                role(SpiffeBearerTokenConverter.class, () -> new SpiffeBearerTokenConverter(100)),
                role(SpiffeRequestPolicy.class, () -> new SpiffeRequestPolicy(AuthorizationPolicy.authenticatedCallers())),
                role(AuthenticationEntryPoint.class, () -> (AuthenticationEntryPoint) (request, response, failure) -> response.setStatus(418)),
                role(AccessDeniedHandler.class, () -> (AccessDeniedHandler) (request, response, denied) -> response.setStatus(418)),
                role(AuthenticationManagerResolver.class,
                        () -> (AuthenticationManagerResolver<HttpServletRequest>) request -> authentication -> authentication));
    }

    private static <T> Arguments role(Class<T> type, Supplier<? extends T> bean) {
        return Arguments.of(type.getSimpleName(), type, bean);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roles")
    @SuppressWarnings({ "rawtypes", "unchecked" })
    void aBeanOfTheApplicationReplacesTheAutoConfiguredOne(String name, Class type, Supplier bean) {
        Object mine = bean.get();
        runner().withBean("mine", type, () -> mine).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(SecurityFilterChain.class);
            assertThat(context.getBean(type)).isSameAs(mine);
        });
    }

    @Test
    void theTokenAuthenticatorUsesTheApplicationsJwtSvidVerifier() {
        JwtSvidVerifier mine = token -> {
            throw BearerTokenRejectedException.invalid("MINE", "refused by the application's verifier");
        };
        runner().withBean(JwtSvidVerifier.class, () -> mine).run(context -> {
            String token = context.getBean(JwtSource.class).fetchJwtSvid(SERVER).token();
            assertThatExceptionOfType(BearerTokenRejectedException.class)
                .isThrownBy(() -> context.getBean(BearerTokenAuthenticator.class).authenticate(token))
                .satisfies(rejected -> assertThat(rejected.reason()).isEqualTo("MINE"));
        });
    }

    @Test
    void tokenValidatorBeansCheckEveryJwtSvid() {
        OAuth2TokenValidator<Jwt> noServers = jwt -> jwt.getSubject().endsWith("/server")
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error("NO_SERVERS", "servers may not call", null))
                : OAuth2TokenValidatorResult.success();
        runner().run(context -> {
            String token = context.getBean(JwtSource.class).fetchJwtSvid(SERVER).token();
            RequestPrincipal principal = context.getBean(BearerTokenAuthenticator.class).authenticate(token);
            assertThat(principal.value()).isEqualTo(SERVER);
        });
        runner().withBean("noServers", OAuth2TokenValidator.class, () -> noServers).run(context -> {
            String token = context.getBean(JwtSource.class).fetchJwtSvid(SERVER).token();
            assertThatExceptionOfType(BearerTokenRejectedException.class)
                .isThrownBy(() -> context.getBean(BearerTokenAuthenticator.class).authenticate(token))
                .satisfies(rejected -> assertThat(rejected.reason()).isEqualTo("NO_SERVERS"));
        });
    }

    @Test
    void noInMemoryUserWithAGeneratedPasswordIsCreated() {
        runner().run(context -> assertThat(context).doesNotHaveBean("inMemoryUserDetailsManager")
            .getBeans(AuthenticationManagerResolver.class).hasSize(1));
    }
}
