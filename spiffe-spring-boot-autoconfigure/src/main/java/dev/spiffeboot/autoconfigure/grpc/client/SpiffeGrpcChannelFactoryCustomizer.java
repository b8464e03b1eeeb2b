package dev.spiffeboot.autoconfigure.grpc.client;

import java.util.Map;

import io.grpc.ChannelCredentials;

import org.springframework.boot.grpc.client.autoconfigure.GrpcChannelFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.client.ChannelCredentialsProvider;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.client.NettyGrpcChannelFactory;

import dev.spiffeboot.security.grpc.client.SpiffeChannelCredentialsProvider;

/**
 * Gives Spring Boot's Netty channel factory the SPIFFE credentials for the SPIFFE channels, in front of the
 * credentials Spring Boot gives every other channel. Last of the factory customizers, so that none replaces them
 * afterwards. Other factories (grpc-netty-shaded, in-process) cannot use the credentials and are left to the guard.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
final class SpiffeGrpcChannelFactoryCustomizer implements GrpcChannelFactoryCustomizer {

    private final SpiffeGrpcClientGuard guard;

    private final Map<String, ChannelCredentials> spiffeChannels;

    private final ChannelCredentialsProvider others;

    SpiffeGrpcChannelFactoryCustomizer(SpiffeGrpcClientGuard guard, Map<String, ChannelCredentials> spiffeChannels,
            ChannelCredentialsProvider others) {
        this.guard = guard;
        this.spiffeChannels = Map.copyOf(spiffeChannels);
        this.others = others;
        guard.starterCustomizerCreated();
    }

    @Override
    public void customize(GrpcChannelFactory factory) {
        if (factory instanceof NettyGrpcChannelFactory channels) {
            channels.setCredentialsProvider(new SpiffeChannelCredentialsProvider(this.spiffeChannels, this.others));
            this.guard.secured(factory);
        }
    }
}
