package dev.spiffeboot.autoconfigure.grpc.server;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.GrpcServerFactory;

import dev.spiffeboot.autoconfigure.server.SpiffeServerProperties;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * TLS with this workload's X509-SVID on Spring gRPC's Netty server, with mTLS (by default), optional client
 * certificates, or TLS only: on by default when a Workload API is configured ({@code spiffe.grpc.server.*}). Only the
 * Netty server the starter creates in place of Spring Boot's is secured; with the TLS on, any other gRPC server
 * stops the start-up ({@link SpiffeGrpcServerGuard}). Never plaintext gRPC instead.
 */
@AutoConfiguration(after = SpiffeWorkloadApiAutoConfiguration.class, before = GrpcServerAutoConfiguration.class)
@ConditionalOnClass({ GrpcServerFactory.class, GrpcServerAutoConfiguration.class })
@EnableConfigurationProperties({ SpiffeGrpcServerProperties.class, SpiffeServerProperties.class })
@Import(SpiffeNettyGrpcServerConfiguration.class)
public final class SpiffeGrpcServerAutoConfiguration {

    /** The name of the gRPC server's TLS bean. */
    public static final String GRPC_SERVER_TLS = "spiffeGrpcServerTlsConfig";

    @Bean
    SpiffeGrpcServerGuard spiffeGrpcServerGuard(ListableBeanFactory beanFactory, Environment environment,
            SpiffeGrpcServerProperties properties, ObjectProvider<X509Source> sources) {
        boolean hasX509Source = sources.getIfAvailable() != null;
        return new SpiffeGrpcServerGuard(beanFactory, environment, properties.isOn(hasX509Source), hasX509Source);
    }
}
