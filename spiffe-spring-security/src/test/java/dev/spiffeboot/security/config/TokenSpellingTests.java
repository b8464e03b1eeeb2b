package dev.spiffeboot.security.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.junit.jupiter.web.SpringJUnitWebConfig;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.IssuerTokenVerifiers;
import dev.spiffeboot.security.authentication.JwtSvidVerifier;
import dev.spiffeboot.security.authentication.TokenVerifier;
import dev.spiffeboot.security.authentication.ValidatedTokenCache;
import dev.spiffeboot.security.jwt.IssuerTokenVerifier;
import dev.spiffeboot.security.jwt.LocalJwtSvidVerifier;
import dev.spiffeboot.testing.JwsRespelling;
import dev.spiffeboot.testing.TestIdentityProvider;
import dev.spiffeboot.testing.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * One token, one accepted spelling: a JWT-SVID and another issuer's token that are accepted are refused with 401
 * {@code invalid_token} when respelled (padding, the standard base64 alphabet, unused bits set), through the whole
 * filter chain with the validated-token cache on, and no respelling reaches a verifier or the cache.
 */
@SpringJUnitWebConfig(TokenSpellingTests.Application.class)
class TokenSpellingTests {

    static final String SERVER = "spiffe://example.org/server";

    /** "?????" encodes to "_" wherever it falls, so that every part has a character to respell. */
    static final TestJwtIssuer SPIFFE = TestJwtIssuer.es256("example.org", "key-?????");

    static final TestIdentityProvider IDP = startIdentityProvider();

    static final AtomicInteger verifications = new AtomicInteger();

    static final ValidatedTokenCache cache = new ValidatedTokenCache(100, Clock.systemUTC());

    private static TestIdentityProvider startIdentityProvider() {
        try {
            return TestIdentityProvider.start("https://idp.example.test");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @EnableWebSecurity
    static class Application {

        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            JwtSvidVerifier jwtSvids = counted(LocalJwtSvidVerifier.builder(() -> JwtBundleSet.of(SPIFFE.bundle()), () -> List.of(SERVER))
                .build())::verify;
            TokenVerifier idp = counted(IssuerTokenVerifier.builder(IDP.issuer()).audiences(List.of(SERVER)).jwkSetUri(IDP.jwkSetUri()).build());
            http.with(SpiffeHttpConfigurer.spiffe()
                .peerIdentityResolver(request -> null)
                .bearerTokenAuthenticator(new BearerTokenAuthenticator(cache, jwtSvids, IssuerTokenVerifiers.of(Map.of(IDP.issuer(), idp)))),
                    Customizer.withDefaults())
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
            return http.build();
        }

        private static TokenVerifier counted(TokenVerifier verifier) {
            return token -> {
                verifications.incrementAndGet();
                return verifier.verify(token);
            };
        }

        @Bean
        SpiffeHttpConfigurerTests.Echo echo() {
            return new SpiffeHttpConfigurerTests.Echo();
        }
    }

    @Autowired
    WebApplicationContext context;

    MockMvc mvc;

    @BeforeEach
    void mvc() {
        this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
    }

    @AfterAll
    static void stop() {
        IDP.close();
    }

    @Test
    void aJwtSvidIsAcceptedOnlyInItsCanonicalSpelling() throws Exception {
        String token = JwsRespelling.tokenRespellableByAll(() -> SPIFFE.token(SERVER).claim("note", "?????").sign());
        assertOnlyCanonicalSpellingAccepted(token, "spiffe://example.org/client", EnumSet.allOf(JwsRespelling.class));
    }

    @Test
    void anotherIssuersTokenIsAcceptedOnlyInItsCanonicalSpelling() throws Exception {
        // the provider's header is fixed by its key ID: it may have nothing to respell
        Set<JwsRespelling> respellings = EnumSet.complementOf(EnumSet.of(JwsRespelling.HEADER_STANDARD_ALPHABET));
        AtomicInteger second = new AtomicInteger();
        // RS256 signs deterministically: a new expiry each time gives a new signature
        String token = JwsRespelling.tokenRespellableBy(respellings,
                () -> IDP.token("alice-?????", List.of(SERVER), Duration.ofMinutes(5).plusSeconds(second.incrementAndGet())));
        assertOnlyCanonicalSpellingAccepted(token, "https://idp.example.test/alice-?????", respellings);
    }

    private void assertOnlyCanonicalSpellingAccepted(String token, String principal, Set<JwsRespelling> respellings) throws Exception {
        this.mvc.perform(get("/whoami").header("Authorization", "Bearer " + token)).andExpect(status().isOk())
            .andExpect(content().string(principal));
        int cached = cache.size();
        int verified = verifications.get();
        for (JwsRespelling respelling : respellings) {
            if (!respelling.isB64Token()) {
                // whitespace cannot be sent in a bearer token: the firewall or the converter refuses it (core tests it)
                continue;
            }
            MvcResult result = this.mvc.perform(get("/whoami").header("Authorization", "Bearer " + respelling.apply(token))).andReturn();
            assertThat(result.getResponse().getStatus()).as(respelling.name()).isEqualTo(401);
            String challenge = result.getResponse().getHeader("WWW-Authenticate");
            assertThat(challenge).as(respelling.name()).startsWith("Bearer error=\"invalid_token\", error_description=\"")
                .contains("is not canonical base64url");
        }
        assertThat(verifications.get()).as("verifications of respelled tokens").isEqualTo(verified);
        assertThat(cache.size()).as("cache entries for respelled tokens").isEqualTo(cached);
        this.mvc.perform(get("/whoami").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
    }
}
