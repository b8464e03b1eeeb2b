package dev.spiffeboot.internal.grpc;

/** A gRPC call under way; see {@link GrpcChannel#start}. */
public interface GrpcCall {

    /**
     * Ends the call with {@code CANCELLED} and the reason, unless it already ended: the server is told (RST_STREAM)
     * and the listener gets {@link Listener#onClose} once.
     */
    void cancel(String reason);

    /** What a call reports, in order: messages, then its status once. */
    interface Listener {

        /** A response message (its protobuf bytes). */
        void onMessage(byte[] message);

        /** The call ended; nothing follows. */
        void onClose(GrpcStatus status);
    }
}
