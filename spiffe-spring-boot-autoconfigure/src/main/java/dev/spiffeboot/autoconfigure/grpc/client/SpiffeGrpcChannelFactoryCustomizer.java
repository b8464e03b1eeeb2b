package dev.spiffeboot.autoconfigure.grpc.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.grpc.ChannelCredentials;

import org.springframework.boot.grpc.client.autoconfigure.GrpcChannelFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.client.ChannelCredentialsProvider;
import org.springframework.grpc.client.DefaultGrpcChannelFactory;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.client.NettyGrpcChannelFactory;

import dev.spiffeboot.security.grpc.client.ShadedNettyChannelCredentials;
import dev.spiffeboot.security.grpc.client.SpiffeChannelCredentialsProvider;
import dev.spiffeboot.security.grpc.client.SpiffeGrpcChannels;
import dev.spiffeboot.tls.SpiffeTlsConfig;

/**
 * Gives Spring Boot's Netty channel factory (grpc-netty, or grpc-netty-shaded, which Spring Boot prefers when it is
 * on the classpath) the SPIFFE credentials for the SPIFFE channels, in front of the credentials Spring Boot gives
 * every other channel. Last of the factory customizers, so that none replaces them afterwards. Other factories
 * (in-process, the application's own) are left to the guard.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
final class SpiffeGrpcChannelFactoryCustomizer implements GrpcChannelFactoryCustomizer {

    private static final String SHADED_FACTORY = "org.springframework.grpc.client.ShadedNettyGrpcChannelFactory";

    private final SpiffeGrpcClientGuard guard;

    private final Map<String, SpiffeTlsConfig> spiffeChannels;

    private final ChannelCredentialsProvider others;

    /**
     * @param spiffeChannels the TLS of each SPIFFE channel, by name
     * @param others the provider of every other channel's credentials
     */
    SpiffeGrpcChannelFactoryCustomizer(SpiffeGrpcClientGuard guard, Map<String, SpiffeTlsConfig> spiffeChannels,
            ChannelCredentialsProvider others) {
        this.guard = guard;
        this.spiffeChannels = Map.copyOf(spiffeChannels);
        this.others = others;
        guard.starterCustomizerCreated();
    }

    @Override
    public void customize(GrpcChannelFactory factory) {
        Function<SpiffeTlsConfig, ChannelCredentials> transport = transportOf(factory);
        if (transport == null) {
            return;
        }
        Map<String, ChannelCredentials> credentials = new LinkedHashMap<>();
        this.spiffeChannels.forEach((name, tls) -> credentials.put(name, transport.apply(tls)));
        ((DefaultGrpcChannelFactory<?>) factory).setCredentialsProvider(new SpiffeChannelCredentialsProvider(credentials, this.others));
        this.guard.secured(factory);
    }

    /** How to make credentials for the factory's transport, or {@code null} for a factory this does not secure. */
    private static Function<SpiffeTlsConfig, ChannelCredentials> transportOf(GrpcChannelFactory factory) {
        if (factory instanceof NettyGrpcChannelFactory) {
            return SpiffeGrpcChannels::credentials;
        }
        if (factory.getClass().getName().equals(SHADED_FACTORY)) {
            return ShadedNettyChannelCredentials::of;
        }
        return null;
    }
}
