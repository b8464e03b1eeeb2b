package dev.spiffeboot.autoconfigure.client;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.spiffeboot.autoconfigure.PeerAuthorizationProperties;

/**
 * Outgoing TLS: which servers the {@code spiffe} SSL bundle, the SSL context bean and the client helpers accept, by
 * SPIFFE ID ({@code spiffe.client.authorized-ids}, {@code -patterns}, {@code -trust-domains}; members of the own
 * trust domain when none is set).
 */
@ConfigurationProperties("spiffe.client")
public class SpiffeClientProperties extends PeerAuthorizationProperties {

}
