package dev.spiffeboot.autoconfigure.server.netty;

import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.WebServer;

import dev.spiffeboot.autoconfigure.server.AbstractSpiffeServerAttackTests;

/** Bad bearer tokens against the WebFlux SPIFFE security chain on the Reactor Netty of a WebFlux application. */
@SpringBootTest(classes = ReactivePeerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = ReactivePeerApplication.REACTIVE)
class SpiffeReactorNettyAttackTests extends AbstractSpiffeServerAttackTests {

    @Override
    protected Class<? extends WebServer> webServerType() {
        return NettyWebServer.class;
    }
}
