package dev.spiffeboot.autoconfigure.server.netty;

import java.util.Arrays;

import javax.net.ssl.SSLContext;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.core.Ordered;

import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.tls.SpiffeTlsConfig;

/**
 * Makes the Reactor Netty server accept TLS only, from the SPIFFE context: it presents the current X509-SVID and
 * checks clients during the handshake.
 * <p>
 * Netty gets the JSSE context itself ({@link JdkSslContext}), never its OpenSSL engine: the SPIFFE key and trust
 * managers read the current SVID and bundles at every handshake, and the context makes every engine from a context
 * of its own, so no session is ever resumed and a rotated SVID needs no restart. Netty only sets the protocols, the
 * JDK's default cipher suites and the client authentication on each engine. Applied last, after every other
 * customizer ({@link SpiffeTlsAppliedLast}), so none can take the TLS away again.
 */
final class SpiffeNettyServerCustomizer implements NettyServerCustomizer, Ordered {

    private final SslContext sslContext;

    /**
     * @param tls the server's TLS
     */
    SpiffeNettyServerCustomizer(SpiffeTlsConfig tls) {
        SSLContext context = tls.sslContext();
        this.sslContext = new JdkSslContext(context, false,
                Arrays.asList(context.getDefaultSSLParameters().getCipherSuites()), IdentityCipherSuiteFilter.INSTANCE,
                null, clientAuth(tls.clientAuth()), SpiffeSslContexts.PROTOCOLS.toArray(String[]::new), false);
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

    private static ClientAuth clientAuth(dev.spiffeboot.tls.ClientAuth clientAuth) {
        return switch (clientAuth) {
            case NEED -> ClientAuth.REQUIRE;
            case WANT -> ClientAuth.OPTIONAL;
            case NONE -> ClientAuth.NONE;
        };
    }
}
