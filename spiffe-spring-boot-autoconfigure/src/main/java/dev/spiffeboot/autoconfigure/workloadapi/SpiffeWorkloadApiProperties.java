package dev.spiffeboot.autoconfigure.workloadapi;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.spiffeboot.workloadapi.Backoff;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;

/**
 * Where the SPIFFE Workload API is and how to talk to it.
 */
@ConfigurationProperties("spiffe.workload-api")
public class SpiffeWorkloadApiProperties {

    /**
     * Address of the Workload API: unix:///path/to/socket, unix:/path/to/socket or tcp://IP:port. When unset, the
     * SPIFFE_ENDPOINT_SOCKET environment variable is used; with neither, the SPIFFE auto-configuration stays off.
     */
    private String address;

    /**
     * How long start-up waits for the first X509-SVID, JWT bundles and bundles before the application fails.
     */
    private Duration startupTimeout = Duration.ofSeconds(30);

    /**
     * Deadline of unary Workload API calls (minting and validating JWT-SVIDs).
     */
    private Duration rpcTimeout = Duration.ofSeconds(10);

    /**
     * Whether this workload fetches an X509-SVID. Turn it off for a workload that uses JWT-SVIDs only (a client that
     * calls servers over TLS with bearer tokens): the X.509 bundles then come from FetchX509Bundles, and nothing
     * that needs the SVID (the server's TLS, mTLS clients, the 'spiffe' SSL bundle) is available.
     */
    private boolean fetchX509Svid = true;

    /**
     * Hint of the X509-SVID to use when the Workload API returns several; empty uses the first, as the standard
     * says.
     */
    private String x509SvidHint = "";

    /**
     * First wait before reconnecting a failed Workload API stream; it doubles (with 20% jitter) up to the maximum.
     */
    private Duration reconnectInitialBackoff = Duration.ofMillis(500);

    /**
     * Longest wait between reconnect attempts.
     */
    private Duration reconnectMaxBackoff = Duration.ofSeconds(30);

    public String getAddress() {
        return this.address;
    }

    public void setAddress(String address) {
        if (address == null || address.isBlank()) {
            // an empty value (e.g. spiffe.workload-api.address= in a profile) means "not set": SPIFFE_ENDPOINT_SOCKET applies
            this.address = null;
            return;
        }
        WorkloadApiAddress.parse(address);
        this.address = address;
    }

    public Duration getStartupTimeout() {
        return this.startupTimeout;
    }

    public void setStartupTimeout(Duration startupTimeout) {
        this.startupTimeout = positive(startupTimeout, "startup timeout");
    }

    public Duration getRpcTimeout() {
        return this.rpcTimeout;
    }

    public void setRpcTimeout(Duration rpcTimeout) {
        this.rpcTimeout = positive(rpcTimeout, "rpc timeout");
    }

    public boolean isFetchX509Svid() {
        return this.fetchX509Svid;
    }

    public void setFetchX509Svid(boolean fetchX509Svid) {
        this.fetchX509Svid = fetchX509Svid;
    }

    public String getX509SvidHint() {
        return this.x509SvidHint;
    }

    public void setX509SvidHint(String x509SvidHint) {
        this.x509SvidHint = (x509SvidHint != null) ? x509SvidHint : "";
    }

    public Duration getReconnectInitialBackoff() {
        return this.reconnectInitialBackoff;
    }

    public void setReconnectInitialBackoff(Duration reconnectInitialBackoff) {
        this.reconnectInitialBackoff = positive(reconnectInitialBackoff, "reconnect initial backoff");
    }

    public Duration getReconnectMaxBackoff() {
        return this.reconnectMaxBackoff;
    }

    public void setReconnectMaxBackoff(Duration reconnectMaxBackoff) {
        this.reconnectMaxBackoff = positive(reconnectMaxBackoff, "reconnect max backoff");
    }

    /** The reconnect policy these properties describe. */
    Backoff backoff() {
        return backoff(this.reconnectInitialBackoff, this.reconnectMaxBackoff);
    }

    static Backoff backoff(Duration initial, Duration max) {
        return Backoff.of(initial, 2.0, max.compareTo(initial) < 0 ? initial : max, 0.2);
    }

    private static Duration positive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
        return duration;
    }
}
