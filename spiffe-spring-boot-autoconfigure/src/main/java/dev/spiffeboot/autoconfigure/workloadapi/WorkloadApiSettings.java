package dev.spiffeboot.autoconfigure.workloadapi;

import java.time.Duration;

import org.springframework.core.env.Environment;

import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The settings the Workload API client and sources are built with ({@code spiffe.workload-api.*}, the address
 * falling back to {@code SPIFFE_ENDPOINT_SOCKET}), and how they are built from them: the auto-configuration and the
 * start before the context ({@link WorkloadApiPrestart}) build the same way, and equal settings build equal ones.
 */
record WorkloadApiSettings(String address, String addressOrigin, Duration startupTimeout, Duration rpcTimeout,
        boolean fetchX509Svid, String x509SvidHint, Duration reconnectInitialBackoff, Duration reconnectMaxBackoff) {

    /** The property that sets the address; it wins over the environment variable. */
    static final String ADDRESS_PROPERTY = "spiffe.workload-api.address";

    static WorkloadApiSettings of(SpiffeWorkloadApiProperties properties, Environment environment) {
        boolean fromProperty = properties.getAddress() != null;
        String address = fromProperty ? properties.getAddress() : environment.getProperty(WorkloadApiAddress.ENVIRONMENT_VARIABLE);
        String origin = fromProperty ? ADDRESS_PROPERTY : WorkloadApiAddress.ENVIRONMENT_VARIABLE;
        return new WorkloadApiSettings(address, origin, properties.getStartupTimeout(), properties.getRpcTimeout(),
                properties.isFetchX509Svid(), properties.getX509SvidHint(), properties.getReconnectInitialBackoff(),
                properties.getReconnectMaxBackoff());
    }

    WorkloadApiClient client() {
        return WorkloadApiClient.builder()
            .address(WorkloadApiAddress.parse(this.address))
            .rpcTimeout(this.rpcTimeout)
            .backoff(SpiffeWorkloadApiProperties.backoff(this.reconnectInitialBackoff, this.reconnectMaxBackoff))
            .build();
    }

    /** Waits for the first X509-SVID update. */
    X509Source x509Source(WorkloadApiClient client) {
        X509Source.Builder builder = X509Source.builder().client(client).startupTimeout(this.startupTimeout);
        if (!this.x509SvidHint.isEmpty()) {
            builder.hint(this.x509SvidHint);
        }
        return builder.build();
    }

    /** Waits for the first JWT bundles. */
    JwtSource jwtSource(WorkloadApiClient client) {
        return JwtSource.builder().client(client).startupTimeout(this.startupTimeout).build();
    }
}
