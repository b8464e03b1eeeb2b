package dev.spiffeboot.autoconfigure.actuate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.security.authentication.BearerTokenRejectionListener;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.SourceState;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * SPIFFE meters, when Micrometer and a meter registry are present: the SVID's expiry and rotations, the health of
 * each Workload API stream ({@code x509}: FetchX509SVID, {@code jwt}: FetchJWTBundles; the bundle source follows no
 * stream of its own next to them), and refused credentials.
 */
// by name: Spring Boot's metrics module is optional next to Micrometer, and a missing class here makes Spring warn
@AutoConfiguration(after = SpiffeWorkloadApiAutoConfiguration.class,
        afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, X509Source.class })
public final class SpiffeMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "spiffeMetrics")
    SpiffeMetrics spiffeMetrics(X509Source x509Source, ObjectProvider<JwtSource> jwtSource) {
        Map<String, Supplier<SourceState>> sources = new LinkedHashMap<>();
        sources.put("x509", x509Source::state);
        jwtSource.ifAvailable(source -> sources.put("jwt", source::state));
        return new SpiffeMetrics(x509Source, sources, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean(name = "spiffeAuthenticationFailureMetrics")
    @ConditionalOnClass(BearerTokenRejectionListener.class)
    AuthenticationFailureMetrics spiffeAuthenticationFailureMetrics(MeterRegistry registry) {
        return new AuthenticationFailureMetrics(registry);
    }
}
