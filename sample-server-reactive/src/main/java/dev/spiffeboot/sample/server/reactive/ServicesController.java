package dev.spiffeboot.sample.server.reactive;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.security.annotation.CallerId;
import dev.spiffeboot.security.annotation.RequireJwtAudience;
import dev.spiffeboot.spiffeid.SpiffeId;

/** Scenario 4, multiple audiences: two endpoints standing for services B and C, each wanting a token for itself. */
@RestController
class ServicesController {

    @GetMapping("/service-b/hello")
    @RequireJwtAudience("spiffe://example.org/service-b")
    Mono<String> serviceB(@CallerId SpiffeId caller) {
        return Mono.just("Success!!! service B says hello to " + caller);
    }

    @GetMapping("/service-c/hello")
    @RequireJwtAudience("spiffe://example.org/service-c")
    Mono<String> serviceC(@CallerId SpiffeId caller) {
        return Mono.just("Success!!! service C says hello to " + caller);
    }
}
