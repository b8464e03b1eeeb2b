package dev.spiffeboot.bench.mtls;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.metrics.jfr.FlightRecorderApplicationStartup;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.bench.http.WebServers;
import dev.spiffeboot.security.annotation.AllowSpiffeIds;

/**
 * The application both mTLS benchmarks start, as a process of its own, in one of two ways: with SPIFFE mTLS
 * ({@code spiffe.server.enabled=true}, the auto-configured SPIFFE filter chain and {@link AllowSpiffeIds} on the
 * endpoint), or with Spring Boot's own mTLS from static PEM files ({@code server.ssl.bundle}, client
 * authentication needed, {@code bench.static-pem=true}) and a permit-all chain, where the annotation does nothing.
 * The permit-all chain leaves out what the SPIFFE chain leaves out too (CSRF, sessions, the request cache), so
 * that the two differ by the SPIFFE parts only.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = WebServers.JETTY_SERVLET)
@RestController
public class MtlsApplication {

    /** The one caller the endpoint allows. */
    static final String CLIENT = "spiffe://example.org/client";

    /** The application's SPIFFE ID. */
    static final String SERVER = "spiffe://example.org/server";

    /** The endpoint. */
    static final String PATH = "/hello";

    @GetMapping(PATH)
    @AllowSpiffeIds(CLIENT)
    public String hello() {
        return "ok";
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(MtlsApplication.class);
        if (Boolean.getBoolean("bench.startup-steps")) {
            // the start-up steps (bean instantiation and the like) as events of a flight recording started with the JVM
            application.setApplicationStartup(new FlightRecorderApplicationStartup());
        }
        application.run(args);
    }

    /** The baseline: Spring Boot's TLS and a chain that allows every request. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("bench.static-pem")
    static class StaticPem {

        @Bean
        SecurityFilterChain permitAll(HttpSecurity http) {
            http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
            return http.build();
        }
    }
}
