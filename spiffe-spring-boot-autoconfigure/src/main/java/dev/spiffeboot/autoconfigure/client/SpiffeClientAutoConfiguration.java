package dev.spiffeboot.autoconfigure.client;

import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.boot.webclient.autoconfigure.WebClientSsl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.spiffeboot.autoconfigure.ssl.RejectionListeners;
import dev.spiffeboot.autoconfigure.ssl.SpiffeClientProperties;
import dev.spiffeboot.autoconfigure.ssl.SpiffeSslAutoConfiguration;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * SPIFFE for HTTP clients: {@link SpiffeRestClients} and {@link SpiffeWebClients}, each present when its client
 * is on the classpath.
 */
// by name: both clients are optional, and a missing class in the annotation makes Spring warn at every start
@AutoConfiguration(after = SpiffeSslAutoConfiguration.class,
        afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
                "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration" })
@ConditionalOnBean(X509Source.class)
@EnableConfigurationProperties(SpiffeClientProperties.class)
public final class SpiffeClientAutoConfiguration {

    static Authorizer defaultAuthorizer(X509Source source, SpiffeClientProperties properties) {
        return properties.authorizer(source);
    }

    static Supplier<JwtSource> jwtSource(ObjectProvider<JwtSource> jwtSources) {
        return () -> {
            JwtSource source = jwtSources.getIfAvailable();
            if (source == null) {
                throw new IllegalStateException("JWT-SVID bearer tokens need a JwtSource bean");
            }
            return source;
        };
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestClientSsl.class)
    @ConditionalOnBean(RestClientSsl.class)
    static class RestClientConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SpiffeRestClients spiffeRestClients(X509Source source, ObjectProvider<JwtSource> jwtSources,
                RestClientSsl restClientSsl, SpiffeClientProperties properties,
                ObjectProvider<RejectionListener> rejectionListeners) {
            return new SpiffeRestClients(source, jwtSource(jwtSources), restClientSsl, defaultAuthorizer(source, properties),
                    RejectionListeners.of(rejectionListeners));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebClientSsl.class)
    @ConditionalOnBean(WebClientSsl.class)
    static class WebClientConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SpiffeWebClients spiffeWebClients(X509Source source, ObjectProvider<JwtSource> jwtSources,
                WebClientSsl webClientSsl, SpiffeClientProperties properties,
                ObjectProvider<RejectionListener> rejectionListeners) {
            return new SpiffeWebClients(source, jwtSource(jwtSources), webClientSsl, defaultAuthorizer(source, properties),
                    RejectionListeners.of(rejectionListeners));
        }
    }
}
