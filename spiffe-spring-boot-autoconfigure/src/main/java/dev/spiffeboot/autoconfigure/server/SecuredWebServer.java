package dev.spiffeboot.autoconfigure.server;

import org.springframework.boot.web.server.WebServerFactory;

/**
 * A web server the SPIFFE starter secures with the X509-SVID. With {@code spiffe.server.enabled=true}, a server
 * factory that no bean of this type recognises stops the start-up: the starter's own server support declares one
 * (the embedded servlet Tomcat and Jetty, and the Reactor Netty of WebFlux); an application declares one only for a
 * server it secures itself.
 */
@FunctionalInterface
public interface SecuredWebServer {

    /** Whether the factory builds a server that serves TLS from the X509-SVID and runs the SPIFFE security chain. */
    boolean secures(WebServerFactory factory);
}
