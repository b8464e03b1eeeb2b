package dev.spiffeboot.autoconfigure.server;

/**
 * Start-up refused because {@code spiffe.server.enabled=true} cannot be honoured: the application would otherwise
 * serve without the SPIFFE TLS and security it asked for. {@link #reason()} tells which case it is.
 */
public final class SpiffeServerException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    private SpiffeServerException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The web server is not one the starter secures; {@code server} names it, e.g. "Jetty (JettyServletWebServerFactory)". */
    public static SpiffeServerException unsecuredServer(String server, boolean reactive) {
        String why = reactive ? ", a reactive web server the SPIFFE starter does not secure: it would serve without "
                + "SPIFFE TLS (of the reactive servers, the starter secures only the Reactor Netty that Spring Boot "
                + "creates, with the SPIFFE customizer applied last)"
                : ", which the SPIFFE starter does not secure: it would serve without SPIFFE TLS (the starter secures "
                        + "only the servlet Tomcat or Jetty that Spring Boot creates)";
        return new SpiffeServerException(Reason.UNSECURED_SERVER, "spiffe.server.enabled=true, but the web server is "
                + server + why);
    }

    /**
     * A connector of the secured server would accept connections without the SPIFFE TLS, e.g. one that a customizer
     * of the application adds; {@code connector} describes it.
     */
    public static SpiffeServerException unsecuredConnector(String server, String connector) {
        return new SpiffeServerException(Reason.UNSECURED_CONNECTOR, "spiffe.server.enabled=true, but the " + server
                + " connector " + connector + " would serve without SPIFFE TLS (the starter puts TLS on the "
                + "connectors Spring Boot creates; this one was added or changed afterwards)");
    }

    /** No Workload API address is configured, so there is no X509-SVID to serve TLS with. */
    public static SpiffeServerException noWorkloadApi() {
        return new SpiffeServerException(Reason.NO_WORKLOAD_API, "spiffe.server.enabled=true, but there is no SPIFFE "
                + "Workload API to get an X509-SVID from (no spiffe.workload-api.address, no SPIFFE_ENDPOINT_SOCKET, "
                + "spiffe.enabled=false, or spiffe.workload-api.fetch-x509-svid=false)");
    }

    /** A {@code server.ssl.*} property would configure the server's TLS a second time, without SPIFFE. */
    public static SpiffeServerException conflictingSetting(String property) {
        return new SpiffeServerException(Reason.CONFLICTING_SETTING, "spiffe.server.enabled=true configures the server's "
                + "TLS from the X509-SVID; remove " + property + " (server.ssl.* would configure it a second time, with "
                + "plain PKIX and no SPIFFE ID check)");
    }

    /** The actuator would listen on a port of its own, with a server the starter does not secure. */
    public static SpiffeServerException separateManagementServer(String port) {
        return new SpiffeServerException(Reason.SEPARATE_MANAGEMENT_SERVER, "spiffe.server.enabled=true, but "
                + "management.server.port=" + port + " starts a second server for the actuator, which would serve "
                + "without SPIFFE TLS");
    }

    /** Why the start-up was refused. */
    public Reason reason() {
        return this.reason;
    }

    /** Why the server was refused. */
    public enum Reason {

        /** The web server in use is not one the starter secures. */
        UNSECURED_SERVER,

        /** A connector of the server would serve without the SPIFFE TLS. */
        UNSECURED_CONNECTOR,

        /** No Workload API is configured. */
        NO_WORKLOAD_API,

        /** A {@code server.ssl.*} property competes with the SPIFFE TLS. */
        CONFLICTING_SETTING,

        /** The actuator would get a server of its own. */
        SEPARATE_MANAGEMENT_SERVER
    }
}
