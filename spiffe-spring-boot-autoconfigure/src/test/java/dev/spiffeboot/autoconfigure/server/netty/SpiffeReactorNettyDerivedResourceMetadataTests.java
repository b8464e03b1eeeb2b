package dev.spiffeboot.autoconfigure.server.netty;

import org.springframework.boot.test.context.SpringBootTest;

import dev.spiffeboot.autoconfigure.server.AbstractDerivedResourceMetadataTests;

/** The protected resource metadata derived from each request, on the WebFlux SPIFFE security chain on Reactor Netty. */
@SpringBootTest(classes = ReactivePeerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = ReactivePeerApplication.REACTIVE)
class SpiffeReactorNettyDerivedResourceMetadataTests extends AbstractDerivedResourceMetadataTests {

}
