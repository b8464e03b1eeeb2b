package dev.spiffeboot.autoconfigure.grpc.server;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.util.List;

import io.grpc.BindableService;
import io.grpc.netty.NettyServerBuilder;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerFactoryCustomizer;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

import dev.spiffeboot.autoconfigure.server.SpiffeServerProperties;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The Netty gRPC server with the SPIFFE TLS, in place of Spring Boot's (which backs off when a
 * {@link GrpcServerFactory} bean exists): the same address, services, server builder customizers (Spring Boot's
 * {@code spring.grpc.server.*} settings, executor, compression, and the application's
 * {@link ServerBuilderCustomizer} beans) and {@link GrpcServerFactoryCustomizer} beans, with the SPIFFE credentials.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(NettyServerBuilder.class)
@ConditionalOnBean(BindableService.class)
@ConditionalOnBooleanProperty(name = "spring.grpc.server.enabled", matchIfMissing = true)
@Conditional(SpiffeNettyGrpcServerConfiguration.SpiffeTlsOn.class)
@ImportRuntimeHints(SpiffeGrpcServerRuntimeHints.class)
class SpiffeNettyGrpcServerConfiguration {

    /** Spring gRPC's default port. */
    private static final int DEFAULT_PORT = 9090;

    /** Spring Boot's bean of the server builder customizers, whose type is not public. */
    private static final String BUILDER_CUSTOMIZERS = "grpcServerBuilderCustomizers";

    /**
     * The gRPC server's TLS; declare a {@code SpiffeTlsConfig} bean of this name to replace it.
     */
    @Bean(SpiffeGrpcServerAutoConfiguration.GRPC_SERVER_TLS)
    @ConditionalOnMissingBean(name = SpiffeGrpcServerAutoConfiguration.GRPC_SERVER_TLS)
    SpiffeTlsConfig spiffeGrpcServerTlsConfig(ObjectProvider<X509Source> sources, ObjectProvider<X509SvidVerifier> verifiers,
            SpiffeGrpcServerProperties properties, SpiffeServerProperties httpServer,
            ObjectProvider<RejectionListener> rejectionListeners) {
        X509Source source = sources.getIfAvailable();
        X509SvidVerifier verifier = verifiers.getIfAvailable();
        if (source == null || verifier == null) {
            throw SpiffeGrpcServerException.noWorkloadApi();
        }
        return properties.serverTls(source, verifier, httpServer,
                RejectionListener.all(rejectionListeners.orderedStream().toList()));
    }

    @Bean
    @ConditionalOnMissingBean(GrpcServerFactory.class)
    SpiffeNettyGrpcServerFactory nettyGrpcServerFactory(GrpcServerProperties properties,
            @Qualifier(SpiffeGrpcServerAutoConfiguration.GRPC_SERVER_TLS) SpiffeTlsConfig tls,
            GrpcServiceDiscoverer serviceDiscoverer, GrpcServiceConfigurer serviceConfigurer,
            ObjectProvider<GrpcServerFactoryCustomizer> customizers, BeanFactory beanFactory) {
        SpiffeNettyGrpcServerFactory factory = new SpiffeNettyGrpcServerFactory(address(properties),
                builderCustomizers(beanFactory), tls);
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        serviceDiscoverer.findServices().stream().map(spec -> serviceConfigurer.configure(spec, factory)).forEach(factory::addService);
        return factory;
    }

    @Bean
    @ConditionalOnBean(SpiffeNettyGrpcServerFactory.class)
    @ConditionalOnMissingBean(name = "nettyGrpcServerLifecycle")
    GrpcServerLifecycle nettyGrpcServerLifecycle(SpiffeNettyGrpcServerFactory factory, GrpcServerProperties properties,
            ApplicationEventPublisher eventPublisher) {
        return new GrpcServerLifecycle(factory, properties.getShutdown().getGracePeriod(), eventPublisher);
    }

    /**
     * The address as Spring Boot builds it from {@code spring.grpc.server.address} and {@code -port}, or a
     * {@code unix:} one for a domain socket, which the factory refuses.
     */
    static String address(GrpcServerProperties properties) {
        String domainSocket = properties.getNetty().getDomainSocketPath();
        if (domainSocket != null || properties.getNetty().getTransport() == GrpcServerProperties.Netty.Transport.DOMAIN_SOCKET) {
            return "unix:" + domainSocket;
        }
        InetAddress address = properties.getAddress();
        String host = (address != null) ? address.getHostName() : "*";
        int port = (properties.getPort() != null) ? properties.getPort() : DEFAULT_PORT;
        return host + ":" + port;
    }

    /**
     * Spring Boot's server builder customizers, as its own Netty server factory gets them. Its type is package-private,
     * so the one method is called reflectively; a Spring Boot without it stops the start-up, never a server without
     * Spring Boot's settings.
     */
    @SuppressWarnings("unchecked")
    static List<ServerBuilderCustomizer<NettyServerBuilder>> builderCustomizers(BeanFactory beanFactory) {
        Object customizers = beanFactory.getBean(BUILDER_CUSTOMIZERS);
        try {
            Method forFactory = customizers.getClass().getDeclaredMethod("forFactory");
            forFactory.setAccessible(true);
            return (List<ServerBuilderCustomizer<NettyServerBuilder>>) forFactory.invoke(customizers);
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            throw SpiffeGrpcServerException.unsupportedSpringBoot("no forFactory() on the " + BUILDER_CUSTOMIZERS
                    + " bean (" + customizers.getClass().getName() + ")", ex);
        }
    }

    /** The SPIFFE TLS is on: set so, or not set and there is an X509-SVID source. */
    static final class SpiffeTlsOn extends AnyNestedCondition {

        SpiffeTlsOn() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBooleanProperty("spiffe.grpc.server.enabled")
        static final class Enabled {

        }

        @ConditionalOnBean(X509Source.class)
        @ConditionalOnBooleanProperty(name = "spiffe.grpc.server.enabled", matchIfMissing = true)
        static final class ByDefaultWithAWorkloadApi {

        }
    }
}
