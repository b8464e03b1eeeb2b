package dev.spiffeboot.autoconfigure.server.netty;

import io.netty.handler.ssl.SslContext;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.core.Ordered;

import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.tls.netty.SpiffeNettySslContexts;

/**
 * Makes the Reactor Netty server accept TLS only, from the SPIFFE context: it presents the current X509-SVID and
 * checks clients during the handshake.
 * <p>
 * The context is the JSSE one of {@link SpiffeNettySslContexts}, never Netty's OpenSSL engine, so no session is ever
 * resumed and a rotated SVID needs no restart. Applied last, after every other customizer
 * ({@link SpiffeTlsAppliedLast}), so none can take the TLS away again.
 */
final class SpiffeNettyServerCustomizer implements NettyServerCustomizer, Ordered {

    private final SslContext sslContext;

    /**
     * @param tls the server's TLS
     */
    SpiffeNettyServerCustomizer(SpiffeTlsConfig tls) {
        this.sslContext = SpiffeNettySslContexts.server(tls);
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.secure(spec -> spec.sslContext(this.sslContext));
    }

    /** After the other customizers (Spring Boot applies them in order). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
