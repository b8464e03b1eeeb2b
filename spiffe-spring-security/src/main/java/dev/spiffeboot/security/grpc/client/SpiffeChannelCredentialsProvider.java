package dev.spiffeboot.security.grpc.client;

import java.util.Map;
import java.util.Objects;

import io.grpc.ChannelCredentials;

import org.springframework.grpc.client.ChannelCredentialsProvider;

/**
 * The credentials of Spring gRPC channels by the name a channel is created with: SPIFFE credentials for the names
 * given, and whatever the other provider says (Spring Boot's {@code spring.grpc.client.channel.*.ssl}) for the rest.
 * The name must match exactly; the channels of other names are left alone.
 */
public final class SpiffeChannelCredentialsProvider implements ChannelCredentialsProvider {

    private final Map<String, ChannelCredentials> spiffeChannels;

    private final ChannelCredentialsProvider others;

    /**
     * @param spiffeChannels the credentials of each SPIFFE channel, by name
     * @param others the provider of every other channel's credentials
     */
    public SpiffeChannelCredentialsProvider(Map<String, ChannelCredentials> spiffeChannels, ChannelCredentialsProvider others) {
        this.spiffeChannels = Map.copyOf(spiffeChannels);
        this.others = Objects.requireNonNull(others, "provider of the other channels");
    }

    @Override
    public ChannelCredentials getChannelCredentials(String target) {
        ChannelCredentials spiffe = this.spiffeChannels.get(target);
        return (spiffe != null) ? spiffe : this.others.getChannelCredentials(target);
    }
}
