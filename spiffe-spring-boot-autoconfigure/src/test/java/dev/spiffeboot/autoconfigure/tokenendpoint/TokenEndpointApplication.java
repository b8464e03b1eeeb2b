package dev.spiffeboot.autoconfigure.tokenendpoint;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.security.authentication.RequestPrincipal;

/**
 * A service with its own token endpoint, telling a caller which request principal its token spoke for. Run it as
 * servlet (Tomcat) or, with {@link #REACTIVE}, on WebFlux (Reactor Netty).
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
        "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration",
        "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration" })
@RestController
class TokenEndpointApplication {

    static final String REACTIVE = "spring.main.web-application-type=reactive";

    static final String SERVICE = "spiffe://example.org/service-b";

    @GetMapping("/whoami")
    String whoami(RequestPrincipal principal) {
        return (principal != null) ? principal.kind() + " " + principal.value() + " " + principal.claims().get("iss") : "none";
    }

    /** Who called, and the body as it arrived. */
    @PostMapping("/echo")
    String echo(RequestPrincipal principal, @RequestBody String body) {
        return whoami(principal) + " " + body;
    }
}
