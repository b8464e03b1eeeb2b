package dev.spiffeboot.security.grpc.client;

import java.util.Arrays;

import javax.net.ssl.SSLContext;

import io.grpc.ChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.grpc.netty.shaded.io.netty.handler.ssl.JdkSslContext;

import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.tls.netty.SpiffeNettySslContexts;

/**
 * Channel credentials of a SPIFFE TLS configuration for grpc-netty-shaded, the transport Spring Boot prefers when
 * it is on the classpath: the same JSSE context as {@link SpiffeGrpcChannels#credentials(SpiffeTlsConfig)} (never
 * the OpenSSL engine grpc-netty-shaded bundles), in the shaded Netty's types, with HTTP/2 by ALPN.
 */
public final class ShadedNettyChannelCredentials {

    private ShadedNettyChannelCredentials() {
    }

    /** The credentials of the client TLS configuration. */
    public static ChannelCredentials of(SpiffeTlsConfig tls) {
        SSLContext context = tls.sslContext();
        ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE,
                SelectedListenerFailureBehavior.ACCEPT, SpiffeNettySslContexts.HTTP_2);
        JdkSslContext netty = new JdkSslContext(context, true, Arrays.asList(context.getDefaultSSLParameters().getCipherSuites()),
                IdentityCipherSuiteFilter.INSTANCE, alpn, ClientAuth.NONE, SpiffeSslContexts.PROTOCOLS.toArray(String[]::new), false);
        return NettySslContextChannelCredentials.create(netty);
    }
}
