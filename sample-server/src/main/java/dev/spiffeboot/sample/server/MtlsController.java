package dev.spiffeboot.sample.server;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.security.annotation.AllowSpiffeIds;
import dev.spiffeboot.security.annotation.PeerId;
import dev.spiffeboot.spiffeid.SpiffeId;

/** Scenario 1, HTTP over mTLS: only the client workload may call, identified by its X509-SVID. */
@RestController
class MtlsController {

    @GetMapping("/mtls/hello")
    @AllowSpiffeIds("spiffe://example.org/client")
    String hello(@PeerId SpiffeId peer) {
        return "Success!!! Hello " + peer + ", over mTLS";
    }
}
