package dev.spiffeboot.autoconfigure.actuate;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.workloadapi.X509Source;

/** The {@code spiffe} health indicator, when Spring Boot's health support is on the classpath. */
@AutoConfiguration(after = SpiffeWorkloadApiAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(X509Source.class)
@ConditionalOnEnabledHealthIndicator("spiffe")
@EnableConfigurationProperties(SpiffeHealthProperties.class)
public final class SpiffeHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "spiffeHealthIndicator")
    SpiffeHealthIndicator spiffeHealthIndicator(X509Source source, SpiffeHealthProperties properties) {
        return new SpiffeHealthIndicator(source, properties.getUnreachableThreshold(), Clock.systemUTC());
    }
}
