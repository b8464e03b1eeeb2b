package dev.spiffeboot.autoconfigure.server.jetty;

import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.server.AbstractSpiffeServerAttackTests;
import dev.spiffeboot.autoconfigure.server.TestWebServers;

/** Bad bearer tokens against the servlet SPIFFE security chain on Jetty. */
@TestPropertySource(properties = TestWebServers.JETTY)
class SpiffeJettyAttackTests extends AbstractSpiffeServerAttackTests {

    @Override
    protected Class<? extends WebServer> webServerType() {
        return JettyWebServer.class;
    }
}
