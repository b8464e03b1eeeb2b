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
 * In an application started by {@code SpringApplication}, the client and the sources are started in the background
 * before the context is refreshed ({@link WorkloadApiPrestartInitializer}) and adopted here, so the start-up does
 * not wait for them; it still fails when their first updates do not come.
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
    WorkloadApiClient spiffeWorkloadApiClient(SpiffeWorkloadApiProperties properties, Environment environment,
            ObjectProvider<WorkloadApiPrestart> prestart) {
        WorkloadApiSettings settings = WorkloadApiSettings.of(properties, environment);
        WorkloadApiPrestart started = prestart.getIfAvailable();
        WorkloadApiClient client = (started != null) ? started.adoptClient(settings) : null;
        return (client != null) ? client : settings.client();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "spiffe.workload-api.fetch-x509-svid", matchIfMissing = true)
    X509Source spiffeX509Source(WorkloadApiClient client, SpiffeWorkloadApiProperties properties, Environment environment,
            ObjectProvider<WorkloadApiPrestart> prestart) {
        WorkloadApiSettings settings = WorkloadApiSettings.of(properties, environment);
        WorkloadApiPrestart started = prestart.getIfAvailable();
        X509Source adopted = (started != null) ? started.adoptX509Source(client, settings) : null;
        X509Source source = (adopted != null) ? adopted : settings.x509Source(client);
        IdentityLog.x509(source, settings);
        return source;
    }

    @Bean
    @ConditionalOnMissingBean
    JwtSource spiffeJwtSource(WorkloadApiClient client, SpiffeWorkloadApiProperties properties, Environment environment,
            ObjectProvider<WorkloadApiPrestart> prestart) {
        WorkloadApiSettings settings = WorkloadApiSettings.of(properties, environment);
        WorkloadApiPrestart started = prestart.getIfAvailable();
        JwtSource source = (started != null) ? started.adoptJwtSource(client, settings) : null;
        return (source != null) ? source : settings.jwtSource(client);
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
