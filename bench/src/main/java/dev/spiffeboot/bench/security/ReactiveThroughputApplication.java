package dev.spiffeboot.bench.security;

import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import reactor.core.publisher.Flux;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;

import dev.spiffeboot.bench.http.WebServers;
import dev.spiffeboot.security.config.SpiffeServerHttpSecurity;
import dev.spiffeboot.security.web.server.ServerPeerIdentityResolver;
import dev.spiffeboot.security.web.server.SpiffeServerBearerTokenConverter;
import dev.spiffeboot.security.web.server.access.SpiffeServerRequestPolicy;
import dev.spiffeboot.workloadapi.BundleSource;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The WebFlux twin of {@link ThroughputApplication}, on Reactor Netty: {@code /open} (no authentication),
 * {@code /spiffe} (the SPIFFE chain with a JWT-SVID, from the auto-configured parts) and {@code /stock} (Spring
 * Security's stock reactive resource server, a {@link NimbusReactiveJwtDecoder} with the trust domain's JWT keys as
 * static keys). Both chains keep no security context, request cache or CSRF token, as the servlet ones are
 * stateless. The reactive Tomcat and Jetty, also on the benchmark's classpath, are left out.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = { WebServers.TOMCAT_REACTIVE, WebServers.JETTY_REACTIVE })
@Import(ThroughputEndpoints.class)
public class ReactiveThroughputApplication {

    @Bean
    @Order(1)
    SecurityWebFilterChain stockResourceServer(ServerHttpSecurity http, BundleSource bundles, X509Source x509) {
        List<JWK> keys = ThroughputEndpoints.staticKeys(bundles, x509);
        ReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(jwt -> Flux.fromIterable(keys))
            .jwsAlgorithm(SignatureAlgorithm.ES256)
            .build();
        http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/stock"))
            .authorizeExchange(exchanges -> exchanges.anyExchange().authenticated())
            .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtDecoder(decoder)));
        return stateless(http).build();
    }

    @Bean
    @Order(2)
    SecurityWebFilterChain spiffe(ServerHttpSecurity http, ServerPeerIdentityResolver peers,
            ReactiveAuthenticationManagerResolver<ServerWebExchange> authenticationManagers,
            SpiffeServerBearerTokenConverter bearerTokens, SpiffeServerRequestPolicy spiffeServerRequestPolicy) {
        SpiffeServerHttpSecurity.spiffe()
            .peerIdentityResolver(peers)
            .authenticationManagerResolver(authenticationManagers)
            .bearerTokenConverter(bearerTokens)
            .customize(http);
        http.authorizeExchange(exchanges -> exchanges.pathMatchers("/open").permitAll().anyExchange().access(spiffeServerRequestPolicy));
        // after the DSL, which turns CSRF protection on for its exemption
        return stateless(http).build();
    }

    private static ServerHttpSecurity stateless(ServerHttpSecurity http) {
        return http.csrf(csrf -> csrf.disable())
            .logout(logout -> logout.disable())
            .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
            .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()));
    }
}
