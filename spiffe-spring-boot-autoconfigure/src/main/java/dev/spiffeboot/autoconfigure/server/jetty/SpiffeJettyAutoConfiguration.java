package dev.spiffeboot.autoconfigure.server.jetty;

import org.eclipse.jetty.server.Server;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.context.annotation.Bean;

import dev.spiffeboot.autoconfigure.server.SecuredWebServer;
import dev.spiffeboot.autoconfigure.server.SpiffeServerAutoConfiguration;
import dev.spiffeboot.autoconfigure.server.SpiffeServerProperties;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.tls.SpiffeTlsConfig;

/**
 * HTTPS with this workload's X509-SVID on the embedded servlet Jetty, with mTLS (by default), optional client
 * certificates, or TLS only; turned on by {@code spiffe.server.enabled=true}. Only the servlet Jetty that Spring
 * Boot creates gets the SPIFFE connectors; any other server is refused by
 * {@link dev.spiffeboot.autoconfigure.server.SpiffeServerAutoConfiguration}.
 */
@AutoConfiguration(after = { SpiffeWorkloadApiAutoConfiguration.class, SpiffeServerAutoConfiguration.class })
@ConditionalOnClass({ Server.class, JettyServletWebServerFactory.class })
@ConditionalOnProperty(prefix = "spiffe.server", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(SpiffeServerProperties.class)
public final class SpiffeJettyAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(SpiffeJettyServerCustomizer.class)
    SpiffeJettyServerCustomizer spiffeJettyServerCustomizer(
            @Qualifier(SpiffeServerAutoConfiguration.SERVER_TLS) SpiffeTlsConfig tls) {
        return new SpiffeJettyServerCustomizer(tls);
    }

    @Bean
    SecuredWebServer spiffeSecuredJetty() {
        // Spring Boot hands JettyServerCustomizer beans only to the Jetty factories it creates itself
        return factory -> factory instanceof JettyServletWebServerFactory jetty
                && jetty.getServerCustomizers().stream().anyMatch(SpiffeJettyServerCustomizer.class::isInstance);
    }
}
