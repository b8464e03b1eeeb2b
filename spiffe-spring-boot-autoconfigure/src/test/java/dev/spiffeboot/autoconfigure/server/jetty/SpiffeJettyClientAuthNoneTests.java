package dev.spiffeboot.autoconfigure.server.jetty;

import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.server.AbstractClientAuthNoneTests;
import dev.spiffeboot.autoconfigure.server.TestWebServers;

/** TLS only on the servlet Jetty. */
@TestPropertySource(properties = TestWebServers.JETTY)
class SpiffeJettyClientAuthNoneTests extends AbstractClientAuthNoneTests {
}
