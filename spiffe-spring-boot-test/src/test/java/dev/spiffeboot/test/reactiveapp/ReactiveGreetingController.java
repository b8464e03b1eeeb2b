package dev.spiffeboot.test.reactiveapp;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.security.annotation.AllowSpiffeIds;
import dev.spiffeboot.security.annotation.CallerId;
import dev.spiffeboot.security.annotation.PeerId;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.spiffeid.SpiffeId;

/** Greets the frontend by its SPIFFE ID; other callers are refused by the annotation. */
@RestController
public class ReactiveGreetingController {

    @GetMapping("/greeting")
    @AllowSpiffeIds("spiffe://example.org/frontend")
    public Mono<String> greeting(@CallerId SpiffeId caller) {
        return Mono.just("hello " + caller);
    }

    /** Open to any authenticated caller unless the policy of a test says otherwise. */
    @GetMapping("/whoami")
    public Mono<String> whoami(@CallerId SpiffeId caller) {
        return Mono.just(String.valueOf(caller));
    }

    /** Both identities of a request: the mTLS peer and the caller (the JWT-SVID's subject, else the peer). */
    @GetMapping("/pair")
    public Mono<String> pair(@PeerId SpiffeId peer, @CallerId SpiffeId caller) {
        return Mono.just(peer + " for " + caller);
    }

    /** The request principal: a token's (a JWT-SVID's SPIFFE ID, or iss/sub of another issuer's token). */
    @GetMapping("/principal")
    public Mono<String> principal(RequestPrincipal principal) {
        return Mono.just(principal.value());
    }
}
