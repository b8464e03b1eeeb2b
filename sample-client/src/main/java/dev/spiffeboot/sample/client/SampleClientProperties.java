package dev.spiffeboot.sample.client;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where sample-server is and who it should be, the HTTP client to call it with, the extra Workload API endpoints for
 * the failure scenarios, and the authorization server of the OAuth scenarios.
 *
 * @param serverUrl the server's HTTPS base URL
 * @param serverId the SPIFFE ID the server must present
 * @param socketHost the host of the server's raw mTLS socket
 * @param socketPort the port of the server's raw mTLS socket
 * @param intruderWorkloadApi a Workload API that hands out an identity the server does not accept (the
 * "wrong identity" scenario is skipped when unset)
 * @param expiredWorkloadApi a Workload API that hands out expired JWT-SVIDs for this client (the "expired token"
 * scenario is skipped when unset)
 * @param httpClient the HTTP client of the HTTP scenarios: {@code rest-client} (the default) or {@code web-client}
 * @param grpcTarget the server's gRPC address as Spring gRPC's channels take it, e.g. {@code static://127.0.0.1:9090}
 * (the gRPC scenarios are skipped when unset)
 * @param only the names of the scenarios to run, as the client prints them (all when empty)
 * @param authServerUrl the issuer identifier of sample-auth-server (the OAuth scenarios are skipped when unset, or
 * when this client publishes no client ID metadata document: run it with the {@code oauth} profile)
 * @param authServerId the SPIFFE ID sample-auth-server must present
 */
@ConfigurationProperties("sample")
public record SampleClientProperties(String serverUrl, String serverId, String socketHost, int socketPort,
        String intruderWorkloadApi, String expiredWorkloadApi, @DefaultValue("rest-client") HttpClientType httpClient,
        String grpcTarget, List<String> only, String authServerUrl,
        String authServerId) {

    public SampleClientProperties {
        only = (only != null) ? List.copyOf(only) : List.of();
    }

    /** The HTTP clients the scenarios can use, each with the starter's customizers. */
    public enum HttpClientType {

        /** {@code RestClient} with {@code SpiffeRestClients}. */
        REST_CLIENT,

        /** {@code WebClient} with {@code SpiffeWebClients}. */
        WEB_CLIENT
    }
}
