package dev.spiffeboot.autoconfigure.workloadapi;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.spiffeboot.workloadapi.BundleSource;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The SPIFFE Workload API client and the live X.509, JWT and bundle sources, shared by every other SPIFFE feature.
 * Creating the sources waits for their first updates (up to {@code spiffe.workload-api.startup-timeout}); if they
 * do not come, start-up fails with a report of what happened and what to check.
 */
@AutoConfiguration
@ConditionalOnWorkloadApiAddress
@EnableConfigurationProperties(SpiffeWorkloadApiProperties.class)
public final class SpiffeWorkloadApiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    WorkloadApiClient spiffeWorkloadApiClient(SpiffeWorkloadApiProperties properties, Environment environment) {
        String address = properties.getAddress() != null ? properties.getAddress()
                : environment.getProperty(WorkloadApiAddress.ENVIRONMENT_VARIABLE);
        return WorkloadApiClient.builder()
            .address(WorkloadApiAddress.parse(address))
            .rpcTimeout(properties.getRpcTimeout())
            .backoff(properties.backoff())
            .build();
    }

    @Bean
    @ConditionalOnMissingBean
    X509Source spiffeX509Source(WorkloadApiClient client, SpiffeWorkloadApiProperties properties) {
        X509Source.Builder builder = X509Source.builder().client(client).startupTimeout(properties.getStartupTimeout());
        if (!properties.getX509SvidHint().isEmpty()) {
            builder.hint(properties.getX509SvidHint());
        }
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    JwtSource spiffeJwtSource(WorkloadApiClient client, SpiffeWorkloadApiProperties properties) {
        return JwtSource.builder().client(client).startupTimeout(properties.getStartupTimeout()).build();
    }

    @Bean
    @ConditionalOnMissingBean
    BundleSource spiffeBundleSource(WorkloadApiClient client, SpiffeWorkloadApiProperties properties) {
        return BundleSource.builder().client(client).startupTimeout(properties.getStartupTimeout()).build();
    }
}
