package dev.spiffeboot.workloadapi;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;

/**
 * Makes each reconnect of a client's watches one real connection attempt, so that a watch is back at most one of its
 * own backoff delays after the agent is.
 * <p>
 * After a failed connection, gRPC keeps the channel in {@code TRANSIENT_FAILURE} and fails every call at once with
 * the last connection error until an attempt on its own connection backoff (1 s, growing to 2 min) succeeds, and it
 * stays there while a new attempt is under way (gRFC A62, sticky transient failure): a call started then fails
 * although the agent may be back. So a reconnect first moves a channel in transient failure to idle, and starts its
 * call once the channel has left transient failure: the call makes a new connection, waits for it, and fails with
 * that connection's own error if there is still no agent.
 */
final class ReconnectGate {

    private final ManagedChannel channel;

    ReconnectGate(ManagedChannel channel) {
        this.channel = channel;
    }

    /** Runs {@code start}, a reconnect: at once, or after idling the channel if it is in transient failure. */
    void reconnect(Runnable start) {
        if (this.channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE) {
            start.run();
            return;
        }
        // in transient failure the channel has no connection and no call under way, so idling it stops nothing;
        // idling may run later on another thread, hence the start on the state change (at once if already idle)
        this.channel.enterIdle();
        this.channel.notifyWhenStateChanged(ConnectivityState.TRANSIENT_FAILURE, start);
    }
}
