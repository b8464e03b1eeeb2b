package dev.spiffeboot.autoconfigure.server.netty;

import org.springframework.boot.test.context.SpringBootTest;

import dev.spiffeboot.autoconfigure.server.AbstractClientAuthWantTests;

/** Optional client certificates on the Reactor Netty of a WebFlux application. */
@SpringBootTest(classes = ReactivePeerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = ReactivePeerApplication.REACTIVE)
class SpiffeReactorNettyClientAuthWantTests extends AbstractClientAuthWantTests {
}
