package dev.spiffeboot.workloadapi;

/** A running watch of a Workload API stream; closing it cancels the stream and any pending reconnect. */
public interface Watch extends AutoCloseable {

    /** Cancels the watch; idempotent. */
    @Override
    void close();
}
