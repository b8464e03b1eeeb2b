package dev.spiffeboot.sample.server.reactive;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.sample.common.AgentValidation;
import dev.spiffeboot.security.annotation.CallerId;
import dev.spiffeboot.security.annotation.RequireJwtAudience;
import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Scenario 2, HTTP over TLS with a JWT-SVID whose audience is this server's own SPIFFE ID: validated by the filter
 * chain with the JWT bundles, and on the second endpoint also by the Workload API ({@code ValidateJWTSVID}), whose
 * blocking call runs off the event loop.
 */
@RestController
@RequireJwtAudience("spiffe://example.org/server")
class JwtController {

    private final AgentValidation agentValidation;

    JwtController(AgentValidation agentValidation) {
        this.agentValidation = agentValidation;
    }

    @GetMapping("/jwt/hello")
    Mono<String> hello(@CallerId SpiffeId caller) {
        return Mono.just("Success!!! Hello " + caller + ", with a JWT-SVID");
    }

    @GetMapping("/jwt/agent-validated")
    Mono<String> agentValidated(SpiffeAuthentication authentication) {
        return Mono.fromCallable(() -> this.agentValidation.greet(authentication)).subscribeOn(Schedulers.boundedElastic());
    }
}
