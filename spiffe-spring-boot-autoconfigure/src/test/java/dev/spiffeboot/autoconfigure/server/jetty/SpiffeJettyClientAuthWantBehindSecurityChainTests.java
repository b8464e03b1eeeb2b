package dev.spiffeboot.autoconfigure.server.jetty;

import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.server.AbstractClientAuthWantBehindSecurityChainTests;
import dev.spiffeboot.autoconfigure.server.TestWebServers;

/** Optional client certificates on the servlet Jetty behind the SPIFFE security chain. */
@TestPropertySource(properties = TestWebServers.JETTY)
class SpiffeJettyClientAuthWantBehindSecurityChainTests extends AbstractClientAuthWantBehindSecurityChainTests {
}
