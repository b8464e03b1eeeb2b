package dev.spiffeboot.autoconfigure.security;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.security.annotation.AllowSpiffeIds;
import dev.spiffeboot.security.annotation.CallerId;
import dev.spiffeboot.security.annotation.PeerId;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * The WebFlux twin of {@link SecurityTestApplication}, on Reactor Netty (the reactive Tomcat and Jetty on the test
 * classpath are left out); run it with {@link #REACTIVE}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
        "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration" })
@RestController
class ReactiveSecurityTestApplication {

    static final String REACTIVE = "spring.main.web-application-type=reactive";

    @GetMapping("/whoami")
    Mono<String> whoami(@CallerId SpiffeId caller, @PeerId SpiffeId peer, RequestPrincipal principal) {
        return Mono.just("caller=" + caller + " peer=" + peer + " principal=" + ((principal != null) ? principal.value() : null));
    }

    @GetMapping("/orders")
    @AllowSpiffeIds(SecurityTestApplication.CLIENT)
    Mono<String> orders(@CallerId String caller) {
        return Mono.just("orders for " + caller);
    }

    @GetMapping("/secret")
    Mono<String> secret() {
        return Mono.just("secret");
    }
}
