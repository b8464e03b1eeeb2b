package dev.spiffeboot.autoconfigure.server.jetty;

import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.server.AbstractSpiffeServerRotationTests;
import dev.spiffeboot.autoconfigure.server.TestWebServers;

/**
 * SVID rotation on the servlet Jetty while clients keep calling: new connections get the new server SVID within a
 * second of the Workload API update, and no request fails, on new connections or on kept-alive ones.
 */
@TestPropertySource(properties = TestWebServers.JETTY)
class SpiffeJettyRotationTests extends AbstractSpiffeServerRotationTests {
}
