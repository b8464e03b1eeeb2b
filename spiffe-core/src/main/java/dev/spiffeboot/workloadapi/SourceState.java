package dev.spiffeboot.workloadapi;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of a source's health, for health checks and metrics. No key or token material is in it.
 */
public final class SourceState {

    private final boolean connected;

    private final Instant lastUpdate;

    private final Instant disconnectedSince;

    private final String lastError;

    private final ConnectFailure connectFailure;

    private final Instant svidExpiresAt;

    private final long updates;

    private final long errors;

    private final long reconnects;

    SourceState(boolean connected, Instant lastUpdate, Instant disconnectedSince, String lastError,
            ConnectFailure connectFailure, Instant svidExpiresAt, long updates, long errors, long reconnects) {
        this.connected = connected;
        this.lastUpdate = lastUpdate;
        this.disconnectedSince = disconnectedSince;
        this.lastError = lastError;
        this.connectFailure = connectFailure;
        this.svidExpiresAt = svidExpiresAt;
        this.updates = updates;
        this.errors = errors;
        this.reconnects = reconnects;
    }

    /** Whether the source's streams are open and their last message was good. */
    public boolean connected() {
        return this.connected;
    }

    /** When the last good update arrived. */
    public Optional<Instant> lastUpdate() {
        return Optional.ofNullable(this.lastUpdate);
    }

    /**
     * Since when the source has been without a working stream (since it started, when it never had one); empty while
     * connected.
     */
    public Optional<Instant> disconnectedSince() {
        return Optional.ofNullable(this.disconnectedSince);
    }

    /** The last error, if any happened since the source started. */
    public Optional<String> lastError() {
        return Optional.ofNullable(this.lastError);
    }

    /**
     * While disconnected, why the last attempt to connect failed (no socket, no permission, nobody listening, not a
     * socket), when the failure was one; empty while connected.
     */
    public Optional<ConnectFailure> connectFailure() {
        return Optional.ofNullable(this.connectFailure);
    }

    /** When the SVID in use expires (X.509 sources only). */
    public Optional<Instant> svidExpiresAt() {
        return Optional.ofNullable(this.svidExpiresAt);
    }

    /** Good updates received (the first one included): each later one is a rotation or bundle change. */
    public long updates() {
        return this.updates;
    }

    /** Errors seen: failed streams and refused messages. */
    public long errors() {
        return this.errors;
    }

    /** Reconnects scheduled after a stream failed. */
    public long reconnects() {
        return this.reconnects;
    }

    @Override
    public String toString() {
        return "SourceState[connected=" + this.connected + ", lastUpdate=" + this.lastUpdate + ", disconnectedSince="
                + this.disconnectedSince + ", svidExpiresAt="
                + this.svidExpiresAt + ", updates=" + this.updates + ", errors=" + this.errors + ", reconnects="
                + this.reconnects + ", lastError=" + this.lastError + ", connectFailure=" + this.connectFailure + "]";
    }
}
