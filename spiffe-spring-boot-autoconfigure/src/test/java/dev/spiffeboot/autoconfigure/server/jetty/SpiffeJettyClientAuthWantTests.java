package dev.spiffeboot.autoconfigure.server.jetty;

import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.server.AbstractClientAuthWantTests;
import dev.spiffeboot.autoconfigure.server.TestWebServers;

/** Optional client certificates on the servlet Jetty. */
@TestPropertySource(properties = TestWebServers.JETTY)
class SpiffeJettyClientAuthWantTests extends AbstractClientAuthWantTests {
}
