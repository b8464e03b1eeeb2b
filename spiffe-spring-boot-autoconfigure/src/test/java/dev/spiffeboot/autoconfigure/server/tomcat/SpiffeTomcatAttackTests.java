package dev.spiffeboot.autoconfigure.server.tomcat;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;

import dev.spiffeboot.autoconfigure.server.AbstractSpiffeServerAttackTests;

/** Bad bearer tokens against the servlet SPIFFE security chain on Tomcat. */
class SpiffeTomcatAttackTests extends AbstractSpiffeServerAttackTests {

    @Override
    protected Class<? extends WebServer> webServerType() {
        return TomcatWebServer.class;
    }
}
