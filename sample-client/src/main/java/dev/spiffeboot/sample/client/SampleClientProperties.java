package dev.spiffeboot.sample.client;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where sample-server is and who it should be, and the extra Workload API endpoints for the failure scenarios.
 *
 * @param serverUrl the server's HTTPS base URL
 * @param serverId the SPIFFE ID the server must present
 * @param socketHost the host of the server's raw mTLS socket
 * @param socketPort the port of the server's raw mTLS socket
 * @param intruderWorkloadApi a Workload API that hands out an identity the server does not accept (the
 * "wrong identity" scenario is skipped when unset)
 * @param expiredWorkloadApi a Workload API that hands out expired JWT-SVIDs for this client (the "expired token"
 * scenario is skipped when unset)
 */
@ConfigurationProperties("sample")
public record SampleClientProperties(String serverUrl, String serverId, String socketHost, int socketPort,
        String intruderWorkloadApi, String expiredWorkloadApi) {
}
