package dev.spiffeboot.autoconfigure.grpc.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.spiffeboot.autoconfigure.PeerAuthorizationProperties;

/**
 * Spring gRPC channels secured with this workload's SVIDs, by the name they are created with
 * ({@code GrpcChannelFactory.createChannel("orders")}, the name of {@code spring.grpc.client.channel.orders.*}):
 * mTLS with the X509-SVID that accepts only the servers {@code spiffe.grpc.client.channels.<name>.authorized-*}
 * allows, and optionally JWT-SVID call credentials. Channels not named here are left to Spring Boot's
 * {@code spring.grpc.client.channel.<name>.ssl.*}; {@code default} is a channel name like any other here.
 */
@ConfigurationProperties("spiffe.grpc.client")
public class SpiffeGrpcClientProperties {

    /**
     * The SPIFFE channels, by name. A channel named here always does mTLS; start-up fails when it cannot (no
     * Workload API, spring.grpc.client.channel.<name>.ssl.enabled=false, an ssl.bundle, an in-process target).
     */
    private Map<String, Channel> channels = new LinkedHashMap<>();

    public Map<String, Channel> getChannels() {
        return this.channels;
    }

    public void setChannels(Map<String, Channel> channels) {
        this.channels = channels;
    }

    /** The channels that are on, by name. */
    Map<String, Channel> enabledChannels() {
        Map<String, Channel> enabled = new LinkedHashMap<>();
        this.channels.forEach((name, channel) -> {
            if (channel.isEnabled()) {
                enabled.put(name, channel);
            }
        });
        return enabled;
    }

    /**
     * One SPIFFE channel: the servers it accepts ({@code authorized-ids}, {@code -patterns}, {@code -trust-domains};
     * with none set, those spiffe.client.authorized-* accepts, by default members of the own trust domain) and the
     * audiences of its call credentials.
     */
    public static class Channel extends PeerAuthorizationProperties {

        /**
         * Whether the channel does mTLS with this workload's X509-SVID. When false, the channel is left to
         * spring.grpc.client.channel.<name>.ssl.*.
         */
        private boolean enabled = true;

        /**
         * Audiences of the JWT-SVID that every call of the channel carries as "authorization: Bearer" (one token for
         * all of them); empty for no call credentials.
         */
        private List<String> jwtAudience = new ArrayList<>();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getJwtAudience() {
            return this.jwtAudience;
        }

        public void setJwtAudience(List<String> jwtAudience) {
            this.jwtAudience = jwtAudience;
        }
    }
}
