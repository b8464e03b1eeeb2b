package dev.spiffeboot.autoconfigure.grpc.client;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up refused for a SPIFFE gRPC channel: what is in the way, and what to change. */
class SpiffeGrpcClientFailureAnalyzer extends AbstractFailureAnalyzer<SpiffeGrpcClientException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SpiffeGrpcClientException cause) {
        String channel = cause.channel();
        String orOff = " Or remove spiffe.grpc.client.channels." + channel + " (or set its enabled=false) and secure the "
                + "channel otherwise.";
        String description = "The application refused to start: " + cause.getMessage() + ".";
        String action = switch (cause.reason()) {
            case NO_WORKLOAD_API -> "Set spiffe.workload-api.address (unix:///path/to/agent.sock or tcp://IP:port) or the "
                    + "SPIFFE_ENDPOINT_SOCKET environment variable to the Workload API of a SPIFFE agent (SPIRE agent or "
                    + "spiffe-dev-agent), and keep spiffe.enabled and spiffe.workload-api.fetch-x509-svid true." + orOff;
            case PLAINTEXT, CONFLICTING_SETTING -> "Remove spring.grpc.client.channel." + channel + ".ssl.* and "
                    + "spring.grpc.client.channel." + channel + ".bypass-certificate-validation: the channel's TLS comes "
                    + "from the X509-SVID, and spiffe.grpc.client.channels." + channel + ".authorized-ids, -patterns and "
                    + "-trust-domains say which servers it accepts." + orOff;
            case UNSECURED_CHANNEL -> "Create the channel with the Netty channel factory Spring Boot configures: keep "
                    + "io.grpc:grpc-netty and dev.spiffeboot:spiffe-spring-security on the classpath, give spring.grpc.client.channel." + channel + ".target a TCP address (not "
                    + "in-process:), and customize through GrpcChannelFactoryCustomizer or GrpcChannelBuilderCustomizer "
                    + "beans rather than declaring a GrpcChannelFactory." + orOff;
        };
        return new FailureAnalysis(description, action, cause);
    }
}
