package dev.spiffeboot.autoconfigure.server.jetty;

import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.server.AbstractDerivedResourceMetadataTests;
import dev.spiffeboot.autoconfigure.server.TestWebServers;

/** The protected resource metadata derived from each request, on the servlet SPIFFE security chain on Jetty. */
@TestPropertySource(properties = TestWebServers.JETTY)
class SpiffeJettyDerivedResourceMetadataTests extends AbstractDerivedResourceMetadataTests {

}
