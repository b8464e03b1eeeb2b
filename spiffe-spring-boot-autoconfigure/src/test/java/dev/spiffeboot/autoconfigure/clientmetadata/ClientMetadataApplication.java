package dev.spiffeboot.autoconfigure.clientmetadata;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that publishes its client ID metadata document, behind a policy that lets no caller in: the
 * document and the keys must be served anyway. Run it as servlet (Tomcat) or, with {@link #REACTIVE}, on WebFlux.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
        "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration",
        "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration" })
@RestController
class ClientMetadataApplication {

    static final String REACTIVE = "spring.main.web-application-type=reactive";

    static final String SERVICE = "spiffe://example.org/service-a";

    static final String CLIENT_ID = "https://service-a.example.com/.well-known/cimd-workload-1.json";

    @GetMapping("/protected")
    String protectedResource() {
        return "protected";
    }
}
