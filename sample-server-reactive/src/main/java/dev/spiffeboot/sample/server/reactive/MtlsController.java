package dev.spiffeboot.sample.server.reactive;

import reactor.core.publisher.Mono;

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
    Mono<String> hello(@PeerId SpiffeId peer) {
        return Mono.just("Success!!! Hello " + peer + ", over mTLS");
    }
}
