package dev.spiffeboot.test.app;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.security.annotation.AllowSpiffeIds;
import dev.spiffeboot.security.annotation.CallerId;
import dev.spiffeboot.security.annotation.PeerId;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.spiffeid.SpiffeId;

/** Greets the frontend by its SPIFFE ID; other callers are refused by the annotation. */
@RestController
public class GreetingController {

    @GetMapping("/greeting")
    @AllowSpiffeIds("spiffe://example.org/frontend")
    public String greeting(@CallerId SpiffeId caller) {
        return "hello " + caller;
    }

    /** Open to any authenticated caller unless the policy of a test says otherwise. */
    @GetMapping("/whoami")
    public String whoami(@CallerId SpiffeId caller) {
        return String.valueOf(caller);
    }

    /** Both identities of a request: the mTLS peer and the caller (the JWT-SVID's subject, else the peer). */
    @GetMapping("/pair")
    public String pair(@PeerId SpiffeId peer, @CallerId SpiffeId caller) {
        return peer + " for " + caller;
    }

    /** The request principal: a token's (a JWT-SVID's SPIFFE ID, or iss/sub of another issuer's token). */
    @GetMapping("/principal")
    public String principal(RequestPrincipal principal) {
        return principal.value();
    }
}
