package dev.spiffeboot.tls.netty;

import java.util.Arrays;

import javax.net.ssl.SSLContext;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;

import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.tls.SpiffeTlsConfig;

/**
 * Netty {@link SslContext}s on a {@link SpiffeTlsConfig}, for Netty-based servers and clients (Reactor Netty,
 * grpc-java's Netty transport).
 * <p>
 * Netty gets the JSSE context itself ({@link JdkSslContext}), never its OpenSSL engine: the SPIFFE key and trust
 * managers read the current SVID and bundles at every handshake, and the context makes every engine from a context
 * of its own, so no session is ever resumed and a rotated SVID needs no new context. Netty only sets the protocols
 * (TLS 1.3 and 1.2), the JDK's default cipher suites, the client authentication and, when asked, ALPN on each engine.
 */
public final class SpiffeNettySslContexts {

    /** The ALPN protocol of HTTP/2, which gRPC requires. */
    public static final String HTTP_2 = "h2";

    private SpiffeNettySslContexts() {
    }

    /**
     * A server context that presents the SVID and asks clients for one as the configuration says.
     *
     * @param alpnProtocols the application protocols to accept by ALPN, e.g. {@link #HTTP_2}; none for no ALPN
     */
    public static SslContext server(SpiffeTlsConfig tls, String... alpnProtocols) {
        return context(tls, false, alpnProtocols);
    }

    /**
     * A client context that presents the SVID, if the configuration has one, and verifies and authorizes the
     * server's.
     *
     * @param alpnProtocols the application protocols to offer by ALPN, e.g. {@link #HTTP_2}; none for no ALPN
     */
    public static SslContext client(SpiffeTlsConfig tls, String... alpnProtocols) {
        return context(tls, true, alpnProtocols);
    }

    private static SslContext context(SpiffeTlsConfig tls, boolean client, String... alpnProtocols) {
        SSLContext context = tls.sslContext();
        return new JdkSslContext(context, client, Arrays.asList(context.getDefaultSSLParameters().getCipherSuites()),
                IdentityCipherSuiteFilter.INSTANCE, alpn(alpnProtocols), client ? ClientAuth.NONE : clientAuth(tls.clientAuth()),
                SpiffeSslContexts.PROTOCOLS.toArray(String[]::new), false);
    }

    private static ApplicationProtocolConfig alpn(String... protocols) {
        if (protocols.length == 0) {
            return null;
        }
        return new ApplicationProtocolConfig(Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE,
                SelectedListenerFailureBehavior.ACCEPT, protocols);
    }

    private static ClientAuth clientAuth(dev.spiffeboot.tls.ClientAuth clientAuth) {
        return switch (clientAuth) {
            case NEED -> ClientAuth.REQUIRE;
            case WANT -> ClientAuth.OPTIONAL;
            case NONE -> ClientAuth.NONE;
        };
    }
}
