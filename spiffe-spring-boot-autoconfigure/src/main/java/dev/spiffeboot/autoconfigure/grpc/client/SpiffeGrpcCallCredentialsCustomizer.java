package dev.spiffeboot.autoconfigure.grpc.client;

import java.util.Map;

import io.grpc.ManagedChannelBuilder;

import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;

/** Gives the calls of each SPIFFE channel with {@code jwt-audience} its JWT-SVID call credentials, by channel name. */
final class SpiffeGrpcCallCredentialsCustomizer<T extends ManagedChannelBuilder<T>> implements GrpcChannelBuilderCustomizer<T> {

    private final Map<String, GrpcChannelBuilderCustomizer<T>> byChannel;

    SpiffeGrpcCallCredentialsCustomizer(Map<String, GrpcChannelBuilderCustomizer<T>> byChannel) {
        this.byChannel = Map.copyOf(byChannel);
    }

    @Override
    public void customize(String target, T builder) {
        GrpcChannelBuilderCustomizer<T> customizer = this.byChannel.get(target);
        if (customizer != null) {
            customizer.customize(target, builder);
        }
    }
}
