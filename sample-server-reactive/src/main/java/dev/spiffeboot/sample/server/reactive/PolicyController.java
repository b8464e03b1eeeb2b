package dev.spiffeboot.sample.server.reactive;

import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.security.annotation.PeerId;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Scenario 5, declarative policy (see {@code spiffe.security.policy} in application.yml, default deny): this
 * endpoint carries no annotation; the rules alone decide. Its answer is a {@code Flux}, written as it comes. The
 * other policy endpoints are functional ({@link PolicyRoutes}).
 */
@RestController
class PolicyController {

    @GetMapping(path = "/policy/peer-and-token", produces = MediaType.TEXT_PLAIN_VALUE)
    Flux<String> peerAndToken(@PeerId SpiffeId peer, RequestPrincipal principal) {
        return Flux.just("Success!!! ", peer + " is allowed", " with the request principal " + principal);
    }
}
