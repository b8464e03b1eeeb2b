package dev.spiffeboot.autoconfigure.grpc.server;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up refused for the gRPC server's SPIFFE TLS: which server or what setting is in the way, and what
 * to change.
 */
class SpiffeGrpcServerFailureAnalyzer extends AbstractFailureAnalyzer<SpiffeGrpcServerException> {

    private static final String OR_OFF = " Or set spiffe.grpc.server.enabled=false and secure the gRPC server otherwise.";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SpiffeGrpcServerException cause) {
        String description = "The application refused to start: " + cause.getMessage() + ".";
        String action = switch (cause.reason()) {
            case UNSECURED_SERVER -> "Serve gRPC on the Netty server that Spring Boot creates: keep io.grpc:grpc-netty "
                    + "on the classpath (spring-boot-starter-grpc-server brings it; grpc-netty-shaded alone is not "
                    + "secured), listen on a TCP port (spring.grpc.server.port, spring.grpc.server.address; not "
                    + "spring.grpc.server.netty.domain-socket-path), do not set spring.grpc.server.inprocess.name, set "
                    + "spring.grpc.server.servlet.enabled=false in a servlet application, and customize the server "
                    + "through ServerBuilderCustomizer or GrpcServerFactoryCustomizer beans rather than declaring a "
                    + "GrpcServerFactory." + OR_OFF;
            case NO_WORKLOAD_API -> "Set spiffe.workload-api.address (unix:///path/to/agent.sock or tcp://IP:port) or "
                    + "the SPIFFE_ENDPOINT_SOCKET environment variable to the Workload API of a SPIFFE agent (SPIRE agent "
                    + "or spiffe-dev-agent), and keep spiffe.enabled and spiffe.workload-api.fetch-x509-svid true." + OR_OFF;
            case CONFLICTING_SETTING -> "Remove the spring.grpc.server.ssl.* properties: spiffe.grpc.server.* configures "
                    + "the gRPC server's TLS (client-auth, authorized-ids, -patterns, -trust-domains).";
            case SPIFFE_BUNDLE -> "Remove spring.grpc.server.ssl.bundle=spiffe and leave spiffe.grpc.server.enabled unset "
                    + "(or set it to true): the starter then serves the gRPC server's TLS from the X509-SVID, with the "
                    + "clients checked as spiffe.grpc.server.* says.";
            case UNSUPPORTED_SPRING_BOOT -> "Use the Spring Boot version this starter is built for (see its README)." + OR_OFF;
        };
        return new FailureAnalysis(description, action, cause);
    }
}
