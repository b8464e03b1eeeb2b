package dev.spiffeboot.sample.common;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The raw mTLS socket of scenario 3.
 *
 * @param port the port on 127.0.0.1 (0 picks a free one)
 * @param authorizedId the one client SPIFFE ID that may connect
 */
@ConfigurationProperties("sample.socket")
public record HelloSocketProperties(int port, String authorizedId) {
}
