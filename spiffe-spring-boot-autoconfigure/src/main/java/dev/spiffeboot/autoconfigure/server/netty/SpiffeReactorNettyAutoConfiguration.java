package dev.spiffeboot.autoconfigure.server.netty;

import java.util.List;

import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;

import dev.spiffeboot.autoconfigure.server.SecuredWebServer;
import dev.spiffeboot.autoconfigure.server.SpiffeServerAutoConfiguration;
import dev.spiffeboot.autoconfigure.server.SpiffeServerProperties;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.tls.SpiffeTlsConfig;

/**
 * HTTPS with this workload's X509-SVID on the embedded Reactor Netty of a WebFlux application, with mTLS (by
 * default), optional client certificates, or TLS only; turned on by {@code spiffe.server.enabled=true}. Only the
 * Reactor Netty server Spring Boot creates is secured, and only while the SPIFFE customizer is the last one applied;
 * any other server is refused by {@link dev.spiffeboot.autoconfigure.server.SpiffeServerAutoConfiguration}.
 */
@AutoConfiguration(after = { SpiffeWorkloadApiAutoConfiguration.class, SpiffeServerAutoConfiguration.class })
@ConditionalOnClass({ HttpServer.class, NettyReactiveWebServerFactory.class })
@ConditionalOnProperty(prefix = "spiffe.server", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(SpiffeServerProperties.class)
public final class SpiffeReactorNettyAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(SpiffeNettyServerCustomizer.class)
    SpiffeNettyServerCustomizer spiffeNettyServerCustomizer(
            @Qualifier(SpiffeServerAutoConfiguration.SERVER_TLS) SpiffeTlsConfig tls) {
        return new SpiffeNettyServerCustomizer(tls);
    }

    @Bean
    SpiffeTlsAppliedLast spiffeTlsAppliedLast() {
        return new SpiffeTlsAppliedLast();
    }

    @Bean
    SecuredWebServer spiffeSecuredReactorNetty() {
        // Spring Boot hands NettyServerCustomizer beans only to the factory it creates itself; one added after the
        // SPIFFE customizer could change the TLS again
        return factory -> factory instanceof NettyReactiveWebServerFactory netty
                && lastOf(List.copyOf(netty.getServerCustomizers())) instanceof SpiffeNettyServerCustomizer;
    }

    private static NettyServerCustomizer lastOf(List<NettyServerCustomizer> customizers) {
        return customizers.isEmpty() ? null : customizers.get(customizers.size() - 1);
    }
}
