package dev.spiffeboot.sample.server;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.security.annotation.PeerId;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Scenario 5, declarative policy (see {@code spiffe.security.policy} in application.yml, default deny): these
 * endpoints carry no annotation; the rules alone decide.
 */
@RestController
class PolicyController {

    @GetMapping("/policy/peer-only")
    String peerOnly(@PeerId SpiffeId peer) {
        return "Success!!! " + peer + " is allowed by its mTLS identity";
    }

    @GetMapping("/policy/peer-and-token")
    String peerAndToken(@PeerId SpiffeId peer, RequestPrincipal principal) {
        return "Success!!! " + peer + " is allowed with the request principal " + principal;
    }

    @GetMapping("/policy/unlisted")
    String unlisted() {
        return "no rule allows this endpoint, so nobody should see this";
    }
}
