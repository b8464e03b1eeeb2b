package dev.spiffeboot.autoconfigure.server.tomcat;

import org.apache.catalina.startup.Tomcat;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;

import dev.spiffeboot.autoconfigure.server.SecuredWebServer;
import dev.spiffeboot.autoconfigure.server.SpiffeServerAutoConfiguration;
import dev.spiffeboot.autoconfigure.server.SpiffeServerProperties;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * HTTPS with this workload's X509-SVID on the embedded Tomcat, with mTLS (by default), optional client
 * certificates, or TLS only; turned on by {@code spiffe.server.enabled=true}. Only the servlet Tomcat that Spring
 * Boot creates gets the SPIFFE connector; any other server is refused by
 * {@link dev.spiffeboot.autoconfigure.server.SpiffeServerAutoConfiguration}.
 */
@AutoConfiguration(after = { SpiffeWorkloadApiAutoConfiguration.class, SpiffeServerAutoConfiguration.class })
@ConditionalOnClass({ Tomcat.class, TomcatConnectorCustomizer.class })
@ConditionalOnProperty(prefix = "spiffe.server", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(SpiffeServerProperties.class)
@ImportRuntimeHints(SpiffeTomcatRuntimeHints.class)
public final class SpiffeTomcatAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(SpiffeTomcatConnectorCustomizer.class)
    SpiffeTomcatConnectorCustomizer spiffeTomcatConnectorCustomizer(
            @Qualifier(SpiffeServerAutoConfiguration.SERVER_TLS) SpiffeTlsConfig tls, X509Source source) {
        return new SpiffeTomcatConnectorCustomizer(tls, source);
    }

    @Bean
    SecuredWebServer spiffeSecuredTomcat() {
        // Spring Boot hands TomcatConnectorCustomizer beans only to the servlet factory it creates itself
        return factory -> factory instanceof TomcatServletWebServerFactory tomcat
                && tomcat.getConnectorCustomizers().stream().anyMatch(SpiffeTomcatConnectorCustomizer.class::isInstance);
    }
}
