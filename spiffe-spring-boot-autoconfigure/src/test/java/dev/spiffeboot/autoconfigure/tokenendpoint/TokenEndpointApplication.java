package dev.spiffeboot.autoconfigure.tokenendpoint;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.security.authentication.RequestPrincipal;

/** A service with its own token endpoint, telling a caller which request principal its token spoke for. */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
        "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration",
        "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration" })
@RestController
class TokenEndpointApplication {

    static final String SERVICE = "spiffe://example.org/service-b";

    @GetMapping("/whoami")
    String whoami(RequestPrincipal principal) {
        return (principal != null) ? principal.kind() + " " + principal.value() + " " + principal.claims().get("iss") : "none";
    }
}
