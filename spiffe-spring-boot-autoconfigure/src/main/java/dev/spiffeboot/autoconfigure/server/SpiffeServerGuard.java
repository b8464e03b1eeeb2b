package dev.spiffeboot.autoconfigure.server;

import java.util.List;
import java.util.Map;

import org.springframework.boot.web.server.WebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.core.Ordered;

/**
 * Refuses every web server factory that no {@link SecuredWebServer} secures, before the server is created, so a
 * server that would serve without SPIFFE TLS never listens.
 */
final class SpiffeServerGuard implements WebServerFactoryCustomizer<WebServerFactory>, Ordered {

    /** Spring Boot's server packages, by name: the servers need not be on the classpath. */
    private static final Map<String, String> SERVERS = Map.of("org.springframework.boot.tomcat.", "Tomcat",
            "org.springframework.boot.jetty.", "Jetty", "org.springframework.boot.reactor.netty.", "Reactor Netty");

    private final List<SecuredWebServer> securedServers;

    SpiffeServerGuard(List<SecuredWebServer> securedServers) {
        this.securedServers = securedServers;
    }

    @Override
    public void customize(WebServerFactory factory) {
        check(factory, this.securedServers);
    }

    /**
     * Refuses the factory unless one of the secured servers recognises it.
     *
     * @throws SpiffeServerException if none does
     */
    static void check(WebServerFactory factory, List<SecuredWebServer> securedServers) {
        if (securedServers.stream().noneMatch(server -> server.secures(factory))) {
            throw SpiffeServerException.unsecuredServer(describe(factory), factory instanceof ReactiveWebServerFactory);
        }
    }

    /** Last: judges the factory as the other customizers left it. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The server's name and the factory's class, e.g. "Jetty (JettyServletWebServerFactory)". */
    private static String describe(WebServerFactory factory) {
        return serverName(factory.getClass()) + " (" + factory.getClass().getSimpleName() + ")";
    }

    private static String serverName(Class<?> factoryClass) {
        for (Class<?> type = factoryClass; type != null; type = type.getSuperclass()) {
            for (Map.Entry<String, String> server : SERVERS.entrySet()) {
                if (type.getName().startsWith(server.getKey())) {
                    return server.getValue();
                }
            }
        }
        return "an unknown web server";
    }
}
