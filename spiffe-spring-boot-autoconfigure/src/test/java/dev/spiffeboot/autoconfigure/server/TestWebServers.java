package dev.spiffeboot.autoconfigure.server;

/**
 * How a test chooses the web server the SPIFFE starter secures. Spring Boot prefers the servlet Tomcat, so a
 * {@code @SpringBootTest} of {@link PeerController} runs on Tomcat; with {@link #JETTY} it runs on the servlet Jetty;
 * a {@code @SpringBootTest} of {@link dev.spiffeboot.autoconfigure.server.netty.ReactivePeerApplication} with its
 * {@code REACTIVE} property runs on the Reactor Netty of WebFlux.
 */
public final class TestWebServers {

    /** A test property: the servlet Jetty, although Tomcat is on the classpath too (Spring Boot would prefer Tomcat). */
    public static final String JETTY = "spring.autoconfigure.exclude="
            + "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration";

    private TestWebServers() {
    }
}
