package dev.spiffeboot.bench.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.spiffeboot.bench.http.WebServers;

/**
 * The servers the HTTP security benchmark runs on: the servlet {@link ThroughputApplication} on Tomcat or on Jetty
 * (the other one's auto-configuration left out), and {@link ReactiveThroughputApplication} on Reactor Netty. Each
 * checks, once started, that Spring Boot did start the server it names.
 */
enum ThroughputServer {

    TOMCAT("Tomcat", ThroughputApplication.class, "NimbusJwtDecoder", "org.springframework.boot.tomcat.",
            "spring.autoconfigure.exclude=" + WebServers.JETTY_SERVLET),

    JETTY("Jetty", ThroughputApplication.class, "NimbusJwtDecoder", "org.springframework.boot.jetty.",
            "spring.autoconfigure.exclude=" + WebServers.TOMCAT_SERVLET),

    NETTY("Reactor Netty (WebFlux)", ReactiveThroughputApplication.class, "NimbusReactiveJwtDecoder",
            "org.springframework.boot.reactor.netty.", "spring.main.web-application-type=reactive");

    /** What the report calls the server. */
    final String label;

    /** What the report calls the stock resource server's decoder. */
    final String stockDecoder;

    private final Class<?> application;

    private final String webServerPackage;

    private final List<String> properties;

    ThroughputServer(String label, Class<?> application, String stockDecoder, String webServerPackage, String... properties) {
        this.label = label;
        this.application = application;
        this.stockDecoder = stockDecoder;
        this.webServerPackage = webServerPackage;
        this.properties = List.of(properties);
    }

    /** The server of a command-line name: tomcat, jetty or netty. */
    static ThroughputServer named(String name) {
        return Arrays.stream(values())
            .filter(server -> server.argument().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no server " + name + ": one of "
                    + Arrays.stream(values()).map(ThroughputServer::argument).collect(Collectors.joining(", ")) + " or all"));
    }

    /** The command-line name. */
    String argument() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Starts the application on this server, on a free port, with the properties given.
     *
     * @throws IllegalStateException if Spring Boot chose another web server
     */
    ConfigurableApplicationContext start(String... properties) {
        return start(this.application, properties);
    }

    /**
     * Starts another application of this server's kind (servlet or reactive) on this server, with the properties
     * given.
     *
     * @throws IllegalStateException if Spring Boot chose another web server
     */
    ConfigurableApplicationContext start(Class<?> application, String... properties) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
            .properties(Stream.concat(this.properties.stream(), Arrays.stream(properties)).toArray(String[]::new))
            .run();
        WebServer webServer = ((WebServerApplicationContext) context).getWebServer();
        if (!webServer.getClass().getName().startsWith(this.webServerPackage)) {
            context.close();
            throw new IllegalStateException("expected " + this.label + " but the web server is " + webServer.getClass().getName());
        }
        return context;
    }
}
