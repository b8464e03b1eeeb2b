package dev.spiffeboot.sample.server;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.sample.common.AgentValidation;
import dev.spiffeboot.security.annotation.CallerId;
import dev.spiffeboot.security.annotation.RequireJwtAudience;
import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Scenario 2, HTTP over TLS with a JWT-SVID whose audience is this server's own SPIFFE ID: validated by the filter
 * chain with the JWT bundles, and on the second endpoint also by the Workload API ({@code ValidateJWTSVID}).
 */
@RestController
@RequireJwtAudience("spiffe://example.org/server")
class JwtController {

    private final AgentValidation agentValidation;

    JwtController(AgentValidation agentValidation) {
        this.agentValidation = agentValidation;
    }

    @GetMapping("/jwt/hello")
    String hello(@CallerId SpiffeId caller) {
        return "Success!!! Hello " + caller + ", with a JWT-SVID";
    }

    @GetMapping("/jwt/agent-validated")
    String agentValidated(SpiffeAuthentication authentication) {
        return this.agentValidation.greet(authentication);
    }
}
