package dev.spiffeboot.bench.security;

import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.bench.http.WebServers;
import dev.spiffeboot.bundle.JwtAuthority;
import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.security.config.SpiffeHttpConfigurer;
import dev.spiffeboot.security.web.access.SpiffeRequestPolicy;
import dev.spiffeboot.workloadapi.BundleSource;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * One server, three ways in, one trivial endpoint: {@code /open} (no authentication), {@code /spiffe} (the SPIFFE
 * filter chain with a JWT-SVID) and {@code /stock} (Spring Security's stock resource server, a
 * {@link NimbusJwtDecoder} with the trust domain's JWT keys as static keys).
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = WebServers.JETTY_SERVLET)
@RestController
public class ThroughputApplication {

    @GetMapping({ "/open", "/spiffe", "/stock" })
    String ok() {
        return "ok";
    }

    @Bean
    @Order(1)
    SecurityFilterChain stockResourceServer(HttpSecurity http, BundleSource bundles, X509Source x509) {
        JwtBundle bundle = bundles.findJwtBundle(x509.x509Svid().id().trustDomain()).orElseThrow();
        http.securityMatcher("/stock")
            .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
            .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(staticKeyDecoder(bundle))))
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

    private static JwtDecoder staticKeyDecoder(JwtBundle bundle) {
        List<JWK> keys = new ArrayList<>();
        for (JwtAuthority authority : bundle.authorities()) {
            // without 'use: jwt-svid', which Nimbus's key selector would not pick for a signature
            keys.add(new ECKey.Builder((ECKey) authority.toJwk()).keyUse(null).build());
        }
        return NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(new JWKSet(keys)))
            .jwsAlgorithm(SignatureAlgorithm.ES256)
            .build();
    }
}
