package dev.spiffeboot.bench.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

import dev.spiffeboot.security.config.SpiffeHttpConfigurer;
import dev.spiffeboot.security.web.access.SpiffeRequestPolicy;
import dev.spiffeboot.workloadapi.BundleSource;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * One servlet server (Tomcat or Jetty), three ways in, one trivial endpoint: {@code /open} (no authentication),
 * {@code /spiffe} (the SPIFFE filter chain with a JWT-SVID) and {@code /stock} (Spring Security's stock resource
 * server, a {@link NimbusJwtDecoder} with the trust domain's JWT keys as static keys).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ThroughputEndpoints.class)
public class ThroughputApplication {

    @Bean
    @Order(1)
    SecurityFilterChain stockResourceServer(HttpSecurity http, BundleSource bundles, X509Source x509) {
        JwtDecoder decoder = NimbusJwtDecoder
            .withJwkSource(new ImmutableJWKSet<>(new JWKSet(ThroughputEndpoints.staticKeys(bundles, x509))))
            .jwsAlgorithm(SignatureAlgorithm.ES256)
            .build();
        http.securityMatcher("/stock")
            .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
            .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(decoder)))
            .csrf(csrf -> csrf.disable())
            .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain spiffe(HttpSecurity http, SpiffeRequestPolicy spiffeRequestPolicy) {
        http.with(SpiffeHttpConfigurer.spiffe(), Customizer.withDefaults())
            .authorizeHttpRequests(requests -> requests.requestMatchers("/open").permitAll().anyRequest().access(spiffeRequestPolicy))
            .csrf(csrf -> csrf.disable())
            .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }
}
