package dev.spiffeboot.autoconfigure.server.tomcat;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;

import dev.spiffeboot.autoconfigure.server.AbstractSpiffeServerMtlsTests;

/** Embedded Tomcat on a random port serving mTLS with the X509-SVID from the dev agent. */
class SpiffeTomcatMtlsTests extends AbstractSpiffeServerMtlsTests {

    @Override
    protected Class<? extends WebServer> webServerType() {
        return TomcatWebServer.class;
    }
}
