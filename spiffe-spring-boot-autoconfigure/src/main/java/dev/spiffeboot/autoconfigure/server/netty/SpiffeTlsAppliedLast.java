package dev.spiffeboot.autoconfigure.server.netty;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Moves the SPIFFE customizer behind the server customizers that Spring Boot's and the application's factory
 * customizers added (timeouts, forwarded headers, ...), so that it is applied last and none of them can change the
 * TLS again. A factory without the SPIFFE customizer (one the application declares) is left as it is, for the guard
 * to refuse; so is one that a factory customizer ordered after this one adds to.
 */
final class SpiffeTlsAppliedLast implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        List<NettyServerCustomizer> customizers = new ArrayList<>(factory.getServerCustomizers());
        List<NettyServerCustomizer> spiffe = customizers.stream().filter(SpiffeNettyServerCustomizer.class::isInstance).toList();
        if (!spiffe.isEmpty()) {
            customizers.removeAll(spiffe);
            customizers.addAll(spiffe);
            factory.setServerCustomizers(customizers);
        }
    }

    /** After the other factory customizers, before the guard ({@code LOWEST_PRECEDENCE}) judges the factory. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }
}
