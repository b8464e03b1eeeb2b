package dev.spiffeboot.autoconfigure.server.netty;

import org.springframework.boot.test.context.SpringBootTest;

import dev.spiffeboot.autoconfigure.server.AbstractClientAuthWantBehindSecurityChainTests;

/** Optional client certificates on the Reactor Netty of a WebFlux application, behind the SPIFFE WebFlux security chain. */
@SpringBootTest(classes = ReactivePeerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = ReactivePeerApplication.REACTIVE)
class SpiffeReactorNettyClientAuthWantBehindSecurityChainTests extends AbstractClientAuthWantBehindSecurityChainTests {
}
