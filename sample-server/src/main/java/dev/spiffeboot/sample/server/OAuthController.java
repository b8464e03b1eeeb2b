package dev.spiffeboot.sample.server;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.security.authentication.RequestPrincipal;

/**
 * The three OAuth flows of the README's "OAuth between services": a counter that the sample client reads with its
 * client ID JWT (flow 1), with an access token from this server's token endpoint (flow 2) or from the sample
 * authorization server (flow 3). Only the policy rule {@code oauth-clients} decides who may read it.
 */
@RestController
class OAuthController {

    private final AtomicLong counter = new AtomicLong();

    @GetMapping("/oauth/counter")
    String counter(RequestPrincipal principal) {
        return "Success!!! Hello " + principal.value() + " (" + principal.kind() + "), counter " + this.counter.incrementAndGet();
    }
}
