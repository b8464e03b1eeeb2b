package dev.spiffeboot.autoconfigure.grpc.client;

/**
 * Start-up refused because a channel of {@code spiffe.grpc.client.channels} cannot get the SPIFFE TLS: it would
 * otherwise call without it. {@link #reason()} tells which case it is, {@link #channel()} which channel.
 */
final class SpiffeGrpcClientException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    private final String channel;

    private SpiffeGrpcClientException(Reason reason, String channel, String message) {
        super("the gRPC channel '" + channel + "' is a SPIFFE channel (spiffe.grpc.client.channels." + channel + "), but " + message);
        this.reason = reason;
        this.channel = channel;
    }

    /** No Workload API, so there is no X509-SVID (or JWT-SVID) to call with. */
    static SpiffeGrpcClientException noWorkloadApi(String channel) {
        return new SpiffeGrpcClientException(Reason.NO_WORKLOAD_API, channel, "there is no SPIFFE Workload API to get "
                + "an SVID from (no spiffe.workload-api.address, no SPIFFE_ENDPOINT_SOCKET, spiffe.enabled=false, or "
                + "spiffe.workload-api.fetch-x509-svid=false)");
    }

    /** {@code spring.grpc.client.channel.<name>.ssl.enabled=false}: the channel would be plaintext. */
    static SpiffeGrpcClientException plaintext(String channel) {
        return new SpiffeGrpcClientException(Reason.PLAINTEXT, channel, "spring.grpc.client.channel." + channel
                + ".ssl.enabled=false asks for plaintext");
    }

    /** A Spring Boot setting would configure the channel's TLS a second time. */
    static SpiffeGrpcClientException conflictingSetting(String channel, String property) {
        return new SpiffeGrpcClientException(Reason.CONFLICTING_SETTING, channel, property + " would configure its TLS "
                + "a second time");
    }

    /** Something other than the starter would create the channel, without the SPIFFE TLS; {@code how} says what. */
    static SpiffeGrpcClientException unsecuredChannel(String channel, String how) {
        return new SpiffeGrpcClientException(Reason.UNSECURED_CHANNEL, channel, how + " would create it without the "
                + "SPIFFE TLS");
    }

    Reason reason() {
        return this.reason;
    }

    String channel() {
        return this.channel;
    }

    /** Why the channel was refused. */
    enum Reason {

        /** No Workload API is configured. */
        NO_WORKLOAD_API,

        /** The channel is set to plaintext. */
        PLAINTEXT,

        /** A {@code spring.grpc.client.channel.<name>.*} TLS setting competes with the SPIFFE TLS. */
        CONFLICTING_SETTING,

        /** A channel factory or transport the starter does not secure would create the channel. */
        UNSECURED_CHANNEL
    }
}
