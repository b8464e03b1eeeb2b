package dev.spiffeboot.autoconfigure.grpc.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.NettySslContextChannelCredentials;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.grpc.client.ChannelCredentialsProvider;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;
import org.springframework.grpc.client.GrpcChannelFactory;

import dev.spiffeboot.autoconfigure.client.SpiffeClientAutoConfiguration;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.security.client.SpiffeClientTls;
import dev.spiffeboot.security.grpc.client.SpiffeGrpcChannels;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * SPIFFE for Spring gRPC's client channels: {@link SpiffeGrpcChannels} (mTLS channel credentials and JWT-SVID call
 * credentials), and for each channel named in {@code spiffe.grpc.client.channels}, mTLS with the X509-SVID and the
 * call credentials it asks for, applied to Spring Boot's Netty channel factory (grpc-netty or grpc-netty-shaded).
 * Channels not named are left alone.
 * A named channel that cannot get the SPIFFE TLS stops the start-up ({@link SpiffeGrpcClientGuard}).
 */
@AutoConfiguration(after = { SpiffeWorkloadApiAutoConfiguration.class, SpiffeClientAutoConfiguration.class },
        before = GrpcClientAutoConfiguration.class)
@ConditionalOnClass({ GrpcChannelFactory.class, GrpcClientAutoConfiguration.class })
@EnableConfigurationProperties(SpiffeGrpcClientProperties.class)
public final class SpiffeGrpcClientAutoConfiguration {

    /** The name of the bean that gives Spring Boot's channel factory the SPIFFE credentials. */
    public static final String CHANNEL_FACTORY_CUSTOMIZER = "spiffeGrpcChannelFactoryCustomizer";

    @Bean
    SpiffeGrpcClientGuard spiffeGrpcClientGuard(ListableBeanFactory beanFactory, Environment environment,
            SpiffeGrpcClientProperties properties, ObjectProvider<X509Source> x509Sources, ObjectProvider<JwtSource> jwtSources) {
        boolean hasWorkloadApi = x509Sources.getIfAvailable() != null && jwtSources.getIfAvailable() != null;
        return new SpiffeGrpcClientGuard(beanFactory, environment, properties.enabledChannels().keySet(), hasWorkloadApi);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ SpiffeGrpcChannels.class, NettySslContextChannelCredentials.class })
    static class SpiffeChannelsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(SpiffeClientTls.class)
        SpiffeGrpcChannels spiffeGrpcChannels(SpiffeClientTls tls, ObjectProvider<JwtSource> jwtSources) {
            return new SpiffeGrpcChannels(tls, SpiffeClientAutoConfiguration.jwtSource(jwtSources));
        }

        /**
         * Gives Spring Boot's Netty channel factory the SPIFFE credentials of the named channels (the TLS of
         * {@link SpiffeClientTls}); declare a bean of this name to replace it (the check of unsecured channel
         * factories is then yours).
         */
        @Bean(CHANNEL_FACTORY_CUSTOMIZER)
        @ConditionalOnMissingBean(name = CHANNEL_FACTORY_CUSTOMIZER)
        SpiffeGrpcChannelFactoryCustomizer spiffeGrpcChannelFactoryCustomizer(SpiffeGrpcClientGuard guard,
                SpiffeGrpcClientProperties properties, ObjectProvider<SpiffeClientTls> clientTls,
                ObjectProvider<ChannelCredentialsProvider> springBootCredentials) {
            guard.checkSettings();
            Map<String, SpiffeTlsConfig> tls = new LinkedHashMap<>();
            properties.enabledChannels().forEach((name, channel) -> {
                SpiffeClientTls client = clientTls.getIfAvailable();
                if (client == null) {
                    throw SpiffeGrpcClientException.noWorkloadApi(name);
                }
                Authorizer servers = channel.explicitAuthorizer();
                tls.put(name, client.mtls((servers != null) ? servers : client.defaultServers()));
            });
            return new SpiffeGrpcChannelFactoryCustomizer(guard, tls,
                    springBootCredentials.getIfAvailable(() -> ChannelCredentialsProvider.INSECURE));
        }

        @Bean
        @ConditionalOnMissingBean(name = "spiffeGrpcCallCredentialsCustomizer")
        <T extends ManagedChannelBuilder<T>> SpiffeGrpcCallCredentialsCustomizer<T> spiffeGrpcCallCredentialsCustomizer(
                SpiffeGrpcClientGuard guard, SpiffeGrpcClientProperties properties, ObjectProvider<SpiffeGrpcChannels> channels) {
            guard.checkSettings();
            Map<String, GrpcChannelBuilderCustomizer<T>> byChannel = new LinkedHashMap<>();
            properties.enabledChannels().forEach((name, channel) -> {
                List<String> audiences = channel.getJwtAudience();
                if (!audiences.isEmpty()) {
                    byChannel.put(name, required(channels, name).jwtBearer(audiences.get(0),
                            audiences.subList(1, audiences.size()).toArray(String[]::new)));
                }
            });
            return new SpiffeGrpcCallCredentialsCustomizer<>(byChannel);
        }

        private static SpiffeGrpcChannels required(ObjectProvider<SpiffeGrpcChannels> channels, String channel) {
            SpiffeGrpcChannels spiffe = channels.getIfAvailable();
            if (spiffe == null) {
                throw SpiffeGrpcClientException.noWorkloadApi(channel);
            }
            return spiffe;
        }
    }
}
