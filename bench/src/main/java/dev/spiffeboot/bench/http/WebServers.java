package dev.spiffeboot.bench.http;

/**
 * The web server auto-configurations the benchmark applications leave out to choose their server. Tomcat, Jetty and
 * Reactor Netty are all on the benchmarks' class path (for {@code bench/run http-security}), and with nothing left
 * out Spring Boot starts a servlet application on Jetty, whose auto-configuration comes first: an application meant
 * for Tomcat excludes {@link #JETTY_SERVLET}, one on Jetty {@link #TOMCAT_SERVLET}, a WebFlux application on Reactor
 * Netty the reactive Tomcat and Jetty.
 */
public final class WebServers {

    /** The servlet Jetty. */
    public static final String JETTY_SERVLET = "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration";

    /** The servlet Tomcat. */
    public static final String TOMCAT_SERVLET = "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration";

    /** The reactive Jetty. */
    public static final String JETTY_REACTIVE = "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration";

    /** The reactive Tomcat. */
    public static final String TOMCAT_REACTIVE = "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration";

    private WebServers() {
    }
}
