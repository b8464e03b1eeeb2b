package dev.spiffeboot.security.config;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.IssuerTokenVerifiers;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.TokenKeys;
import dev.spiffeboot.security.authentication.ValidatedTokenCache;
import dev.spiffeboot.security.authentication.VerifiedToken;
import dev.spiffeboot.spiffeid.SpiffeId;

import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The DSL in a plain Spring application, no Spring Boot and no SPIFFE beans: it runs on the parts it is given, and
 * keeps CSRF protection for every request that is not a bearer-token request.
 */
@SpringJUnitWebConfig(SpiffeHttpConfigurerTests.Application.class)
class SpiffeHttpConfigurerTests {

    static final String CLIENT = "spiffe://example.org/client";

    static final String PEER = "spiffe://example.org/gateway";

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @EnableWebSecurity
    static class Application {

        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            // CSRF stays on (the default), as in a chain that also serves browsers
            http.with(testDsl(), Customizer.withDefaults())
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
            return http.build();
        }

        @Bean
        Echo echo() {
            return new Echo();
        }
    }

    @RestController
    static class Echo {

        @GetMapping("/whoami")
        String whoami(Principal principal) {
            return principal.getName();
        }

        @PostMapping("/orders")
        String order(Principal principal) {
            return "ordered by " + principal.getName();
        }
    }

    /** A token of the test, in the shape every bearer token must have: a JWS in compact serialization. */
    static final String GOOD = "Z29vZA.Z29vZA.Z29vZA";

    /** A token verifier for the test: the token {@link #GOOD} is the client's JWT-SVID, every other token is refused. */
    static VerifiedToken verify(String token) {
        if (!token.equals(GOOD)) {
            throw BearerTokenRejectedException.invalid("MALFORMED", "not a test token");
        }
        Instant expiry = Instant.now().plusSeconds(60);
        return new VerifiedToken(RequestPrincipal.jwtSvid(SpiffeId.parse(CLIENT), List.of("spiffe://example.org/orders"), expiry,
                Map.of()), expiry, TokenKeys.unchanging());
    }

    /** The token authenticator of the tests: {@link #GOOD} is the client's JWT-SVID, every other token is refused. */
    static BearerTokenAuthenticator testTokens() {
        return new BearerTokenAuthenticator(new ValidatedTokenCache(0, Clock.systemUTC()), SpiffeHttpConfigurerTests::verify,
                IssuerTokenVerifiers.none());
    }

    /** The DSL on the test's parts: {@link #PEER} for requests with an {@code X-Test-Peer} header, {@link #testTokens()}. */
    static SpiffeHttpConfigurer testDsl() {
        return SpiffeHttpConfigurer.spiffe()
            .peerIdentityResolver(request -> (request.getHeader("X-Test-Peer") != null) ? SpiffeId.parse(PEER) : null)
            .bearerTokenAuthenticator(testTokens());
    }

    @Autowired
    WebApplicationContext context;

    MockMvc mvc;

    @BeforeEach
    void mvc() {
        this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
    }

    @Test
    void authenticatesThePeerAndTheBearerTokenWithThePartsItWasGiven() throws Exception {
        this.mvc.perform(get("/whoami").header("X-Test-Peer", "yes")).andExpect(content().string(PEER));
        this.mvc.perform(get("/whoami").header("Authorization", "Bearer " + GOOD)).andExpect(content().string(CLIENT));
        this.mvc.perform(get("/whoami")).andExpect(status().isUnauthorized()).andExpect(header().string("WWW-Authenticate", "Bearer"));
        this.mvc.perform(get("/whoami").header("Authorization", "Bearer YmFk.YmFk.YmFk")).andExpect(status().isUnauthorized())
            .andExpect(header().string("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"not a test token\""));
    }

    @Test
    void aRefusedRequestGetsAProblemBodyWithTheSameReasonAsTheChallenge() throws Exception {
        this.mvc.perform(get("/whoami")).andExpect(status().isUnauthorized())
            .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
            .andExpect(content().string("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                    + "\"detail\":\"authentication required\",\"instance\":\"/whoami\",\"caller\":\"anonymous\"}"));
        this.mvc.perform(get("/whoami").header("Authorization", "Bearer YmFk.YmFk.YmFk")).andExpect(status().isUnauthorized())
            .andExpect(content().string("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                    + "\"detail\":\"not a test token\",\"instance\":\"/whoami\",\"caller\":\"anonymous\"}"));
    }

    @Test
    void bearerTokenRequestsAreExemptFromCsrfProtection() throws Exception {
        this.mvc.perform(post("/orders").header("Authorization", "Bearer " + GOOD)).andExpect(content().string("ordered by " + CLIENT));
    }

    @Test
    void requestsWithOtherAuthorizationSchemesKeepTheirCsrfProtection() throws Exception {
        // Basic is a credential a browser sends by itself: it is no reason to skip the CSRF check
        this.mvc.perform(post("/orders").header("X-Test-Peer", "yes").header("Authorization", "Basic dXNlcjpwYXNz"))
            .andExpect(status().isForbidden());
        this.mvc.perform(post("/orders").header("X-Test-Peer", "yes")).andExpect(status().isForbidden());
    }
}
