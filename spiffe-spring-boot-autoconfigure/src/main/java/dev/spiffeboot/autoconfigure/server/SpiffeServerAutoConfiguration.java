package dev.spiffeboot.autoconfigure.server;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Makes {@code spiffe.server.enabled=true} fail closed whatever web server is on the classpath: start-up stops
 * with a {@link SpiffeServerException} when there is no Workload API, when {@code server.ssl.*} would configure the
 * server's TLS instead of the SVID, or when the web server is not one the
 * starter secures (see {@link SecuredWebServer}), or the actuator would get a port of its own. Never plain HTTP
 * instead.
 */
@AutoConfiguration(after = SpiffeWorkloadApiAutoConfiguration.class)
@ConditionalOnClass(WebServerFactoryCustomizer.class)
@ConditionalOnProperty(prefix = "spiffe.server", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(SpiffeServerProperties.class)
public final class SpiffeServerAutoConfiguration {

    /** The name of the server TLS bean the servers' auto-configurations use. */
    public static final String SERVER_TLS = "spiffeServerTlsConfig";

    /** The settings with which Spring Boot would configure the server's TLS itself, bypassing the SVID. */
    private static final String[] CONFLICTING_PROPERTIES = { "server.ssl.enabled", "server.ssl.bundle",
            "server.ssl.key-store", "server.ssl.certificate" };

    /** Static, as a post-processor is created before the other beans; it looks the secured servers up late. */
    @Bean
    static FinalServerCheck spiffeFinalServerCheck() {
        return new FinalServerCheck();
    }

    /**
     * The TLS every SPIFFE server (Tomcat, Jetty, Reactor Netty) is configured from, so they behave alike; declare a
     * {@code SpiffeTlsConfig} bean of this name to replace it.
     */
    @Bean(SERVER_TLS)
    @ConditionalOnMissingBean(name = SERVER_TLS)
    SpiffeTlsConfig spiffeServerTlsConfig(ObjectProvider<X509Source> sources, ObjectProvider<X509SvidVerifier> verifiers,
            SpiffeServerProperties properties, ObjectProvider<RejectionListener> rejectionListeners) {
        X509Source source = sources.getIfAvailable();
        X509SvidVerifier verifier = verifiers.getIfAvailable();
        if (source == null || verifier == null) {
            throw SpiffeServerException.noWorkloadApi();
        }
        return properties.serverTls(source, verifier, RejectionListener.all(rejectionListeners.orderedStream().toList()));
    }

    @Bean
    SpiffeServerGuard spiffeServerGuard(ObjectProvider<X509Source> sources, ObjectProvider<SecuredWebServer> securedServers,
            Environment environment) {
        if (sources.getIfAvailable() == null) {
            throw SpiffeServerException.noWorkloadApi();
        }
        for (String conflicting : CONFLICTING_PROPERTIES) {
            if (environment.getProperty(conflicting) != null) {
                throw SpiffeServerException.conflictingSetting(conflicting);
            }
        }
        String managementPort = environment.getProperty("management.server.port");
        if (managementPort != null && !managementPort.equals("-1")
                && !managementPort.equals(environment.getProperty("server.port", "8080"))) {
            throw SpiffeServerException.separateManagementServer(managementPort);
        }
        return new SpiffeServerGuard(securedServers.orderedStream().toList());
    }
}
