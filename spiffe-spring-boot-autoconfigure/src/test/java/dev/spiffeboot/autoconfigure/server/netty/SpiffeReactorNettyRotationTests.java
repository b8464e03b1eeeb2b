package dev.spiffeboot.autoconfigure.server.netty;

import org.springframework.boot.test.context.SpringBootTest;

import dev.spiffeboot.autoconfigure.server.AbstractSpiffeServerRotationTests;

/** SVID rotation under load on the embedded Reactor Netty of a WebFlux application. */
@SpringBootTest(classes = ReactivePeerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { ReactivePeerApplication.REACTIVE, "spiffe.server.enabled=true",
                "spiffe.server.authorized-ids=spiffe://example.org/client" })
class SpiffeReactorNettyRotationTests extends AbstractSpiffeServerRotationTests {
}
