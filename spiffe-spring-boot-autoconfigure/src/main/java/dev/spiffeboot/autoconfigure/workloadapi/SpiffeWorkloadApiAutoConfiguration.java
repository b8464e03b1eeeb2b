package dev.spiffeboot.autoconfigure.workloadapi;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.workloadapi.BundleSource;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The SPIFFE Workload API client and the live sources every other SPIFFE feature reads, following each of the
 * Workload API's streams once: {@code FetchX509SVID} (the X509-SVID and the X.509 bundles) by the
 * {@link X509Source}, {@code FetchJWTBundles} by the {@link JwtSource}; the {@link BundleSource} serves their bundles
 * and follows {@code FetchX509Bundles} only for a workload that fetches no X509-SVID. Creating the sources waits for
 * their first updates (up to {@code spiffe.workload-api.startup-timeout}); if they do not come, start-up fails with
 * a report of what happened and what to check.
 * <p>
 * One {@link X509SvidVerifier} checks every peer chain against those bundles, in TLS handshakes and again per request,
 * and remembers what it verified, so a connection's chain is path-validated once per bundle.
 */
@AutoConfiguration
@ConditionalOnWorkloadApiAddress
@EnableConfigurationProperties(SpiffeWorkloadApiProperties.class)
public final class SpiffeWorkloadApiAutoConfiguration {

    /** How many peer chains the shared verifier remembers. */
    static final int VERIFIED_CHAINS = 10_000;

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
    @ConditionalOnBooleanProperty(name = "spiffe.workload-api.fetch-x509-svid", matchIfMissing = true)
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
    BundleSource spiffeBundleSource(WorkloadApiClient client, SpiffeWorkloadApiProperties properties,
            ObjectProvider<X509Source> x509Source, JwtSource jwtSource) {
        BundleSource.Builder builder = BundleSource.builder()
            .client(client)
            .startupTimeout(properties.getStartupTimeout())
            .jwtBundlesFrom(jwtSource);
        x509Source.ifAvailable(builder::x509BundlesFrom);
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    X509SvidVerifier spiffeX509SvidVerifier(BundleSource bundles) {
        return X509SvidVerifier.builder(bundles).cacheSize(VERIFIED_CHAINS).build();
    }
}
