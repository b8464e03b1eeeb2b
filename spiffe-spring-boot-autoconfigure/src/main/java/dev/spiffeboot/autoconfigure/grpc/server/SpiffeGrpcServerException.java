package dev.spiffeboot.autoconfigure.grpc.server;

/**
 * Start-up refused because the SPIFFE TLS of the gRPC server cannot be honoured: a gRPC server would otherwise serve
 * without it. {@link #reason()} tells which case it is.
 */
final class SpiffeGrpcServerException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private static final String ON = "the gRPC server's SPIFFE TLS is on (spiffe.grpc.server.enabled)";

    private final Reason reason;

    private SpiffeGrpcServerException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A gRPC server the starter does not secure would start; {@code server} describes it. */
    static SpiffeGrpcServerException unsecuredServer(String server) {
        return new SpiffeGrpcServerException(Reason.UNSECURED_SERVER, ON + ", but " + server + " would serve gRPC "
                + "without it (the starter secures only the Netty gRPC server it creates, on a TCP port)");
    }

    /** No X509-SVID source, so there is nothing to serve TLS with. */
    static SpiffeGrpcServerException noWorkloadApi() {
        return new SpiffeGrpcServerException(Reason.NO_WORKLOAD_API, "spiffe.grpc.server.enabled=true, but there is no "
                + "SPIFFE Workload API to get an X509-SVID from (no spiffe.workload-api.address, no "
                + "SPIFFE_ENDPOINT_SOCKET, spiffe.enabled=false, or spiffe.workload-api.fetch-x509-svid=false)");
    }

    /** A {@code spring.grpc.server.ssl.*} property would configure the gRPC server's TLS a second time. */
    static SpiffeGrpcServerException conflictingSetting(String property) {
        return new SpiffeGrpcServerException(Reason.CONFLICTING_SETTING, ON + " and configures the TLS from the "
                + "X509-SVID; remove " + property + " (spring.grpc.server.ssl.* would configure it a second time)");
    }

    /**
     * {@code spring.grpc.server.ssl.bundle=spiffe} with the SPIFFE TLS off: Spring gRPC would build a TLS context of
     * its own from the bundle's managers.
     */
    static SpiffeGrpcServerException spiffeBundle() {
        return new SpiffeGrpcServerException(Reason.SPIFFE_BUNDLE, "spring.grpc.server.ssl.bundle=spiffe: Spring gRPC "
                + "would build the gRPC server's TLS from the spiffe bundle, which is the bundle of this workload's "
                + "outgoing connections (it authorizes servers, not clients) and in a TLS context that resumes "
                + "TLS 1.2 sessions without checking the client again");
    }

    /** Spring Boot's gRPC server settings could not be applied to the SPIFFE server; {@code detail} says why. */
    static SpiffeGrpcServerException unsupportedSpringBoot(String detail, Throwable cause) {
        SpiffeGrpcServerException exception = new SpiffeGrpcServerException(Reason.UNSUPPORTED_SPRING_BOOT, ON + ", but "
                + "Spring Boot's gRPC server settings cannot be applied to the SPIFFE gRPC server: " + detail);
        exception.initCause(cause);
        return exception;
    }

    /** Why the start-up was refused. */
    Reason reason() {
        return this.reason;
    }

    /** Why the gRPC server was refused. */
    enum Reason {

        /** A gRPC server the starter does not secure would start. */
        UNSECURED_SERVER,

        /** No Workload API is configured. */
        NO_WORKLOAD_API,

        /** A {@code spring.grpc.server.ssl.*} property competes with the SPIFFE TLS. */
        CONFLICTING_SETTING,

        /** The spiffe bundle is named for the gRPC server's TLS. */
        SPIFFE_BUNDLE,

        /** This version of Spring Boot's gRPC support is not one the starter can extend. */
        UNSUPPORTED_SPRING_BOOT
    }
}
