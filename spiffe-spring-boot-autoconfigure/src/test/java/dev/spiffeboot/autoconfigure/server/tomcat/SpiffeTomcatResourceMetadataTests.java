package dev.spiffeboot.autoconfigure.server.tomcat;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;

import dev.spiffeboot.autoconfigure.server.AbstractResourceMetadataTests;

/** The protected resource metadata and its challenge on the servlet SPIFFE security chain on Tomcat. */
class SpiffeTomcatResourceMetadataTests extends AbstractResourceMetadataTests {

    @Override
    protected Class<? extends WebServer> webServerType() {
        return TomcatWebServer.class;
    }
}
