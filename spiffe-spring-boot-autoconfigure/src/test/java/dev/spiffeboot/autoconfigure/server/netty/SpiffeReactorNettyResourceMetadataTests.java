package dev.spiffeboot.autoconfigure.server.netty;

import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.WebServer;

import dev.spiffeboot.autoconfigure.server.AbstractResourceMetadataTests;

/** The protected resource metadata and its challenge on the WebFlux SPIFFE security chain on Reactor Netty. */
@SpringBootTest(classes = ReactivePeerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = ReactivePeerApplication.REACTIVE)
class SpiffeReactorNettyResourceMetadataTests extends AbstractResourceMetadataTests {

    @Override
    protected Class<? extends WebServer> webServerType() {
        return NettyWebServer.class;
    }
}
