package dev.spiffeboot.autoconfigure.server.jetty;

import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.server.AbstractResourceMetadataTests;
import dev.spiffeboot.autoconfigure.server.TestWebServers;

/** The protected resource metadata and its challenge on the servlet SPIFFE security chain on Jetty. */
@TestPropertySource(properties = TestWebServers.JETTY)
class SpiffeJettyResourceMetadataTests extends AbstractResourceMetadataTests {

    @Override
    protected Class<? extends WebServer> webServerType() {
        return JettyWebServer.class;
    }
}
