package dev.spiffeboot.autoconfigure.server;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up refused by {@code spiffe.server.enabled=true}: which server or what setting is missing, and
 * what to change.
 */
class SpiffeServerFailureAnalyzer extends AbstractFailureAnalyzer<SpiffeServerException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SpiffeServerException cause) {
        String description = "The application refused to start: " + cause.getMessage() + ".";
        String action = switch (cause.reason()) {
            case UNSECURED_SERVER -> "Run the application on the embedded Tomcat with Spring MVC "
                    + "(spring-boot-starter-webmvc, with no other web server on the classpath), or on the embedded "
                    + "servlet Jetty (spring-boot-starter-webmvc with spring-boot-starter-jetty instead of "
                    + "spring-boot-starter-tomcat), and let Spring Boot create the TomcatServletWebServerFactory or "
                    + "JettyServletWebServerFactory; or with WebFlux on the embedded Reactor Netty "
                    + "(spring-boot-starter-webflux) and let Spring Boot create the NettyReactiveWebServerFactory "
                    + "(customize it through WebServerFactoryCustomizer or NettyServerCustomizer beans rather than "
                    + "declaring one). Or set spiffe.server.enabled=false and secure the server otherwise.";
            case UNSECURED_CONNECTOR -> "Remove the connector that a customizer of the application adds, or the change "
                    + "it makes to a connector's protocols: with spiffe.server.enabled=true every connector serves "
                    + "SPIFFE TLS only. Or set spiffe.server.enabled=false and secure the server otherwise.";
            case NO_WORKLOAD_API -> "Set spiffe.workload-api.address (unix:///path/to/agent.sock or tcp://IP:port) "
                    + "or the SPIFFE_ENDPOINT_SOCKET environment variable to the Workload API of a SPIFFE agent "
                    + "(SPIRE agent or spiffe-dev-agent), and keep spiffe.enabled and spiffe.workload-api.fetch-x509-svid "
                    + "true. Or set spiffe.server.enabled=false to serve without SPIFFE.";
            case CONFLICTING_SETTING -> "Remove the server.ssl.* properties: spiffe.server.* configures the server's "
                    + "TLS (client-auth, authorized-ids, -patterns, -trust-domains).";
            case SEPARATE_MANAGEMENT_SERVER -> "Remove management.server.port (or set it to the server's port) so the "
                    + "actuator is served on the SPIFFE port, behind the same TLS and security; allow what probes need "
                    + "with a spiffe.security.policy rule. Or set management.server.port=-1 to serve no actuator over "
                    + "HTTP.";
        };
        return new FailureAnalysis(description, action, cause);
    }
}
