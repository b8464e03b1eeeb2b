package dev.spiffeboot.autoconfigure.grpc.server;

import java.util.List;

import io.grpc.ServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.NettySslContextServerCredentials;

import org.springframework.grpc.server.NettyGrpcServerFactory;
import org.springframework.grpc.server.ServerBuilderCustomizer;

import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.tls.netty.SpiffeNettySslContexts;

/**
 * Spring gRPC's Netty server factory with the SPIFFE TLS as the server's credentials: the JSSE context of
 * {@link SpiffeNettySslContexts} with HTTP/2 by ALPN, which presents the current X509-SVID, verifies and authorizes
 * clients in the handshake and never resumes a session. The credentials fix the server's security: a
 * {@link ServerBuilderCustomizer} that tries to change it fails ({@code NettyServerBuilder} refuses), so none can
 * take the TLS away. Unix domain socket addresses are refused, as Spring gRPC builds those servers without
 * credentials.
 */
final class SpiffeNettyGrpcServerFactory extends NettyGrpcServerFactory {

    private final ServerCredentials credentials;

    /**
     * @param address the TCP address, "host:port" as Spring gRPC reads it ("*:port" for every interface)
     * @param customizers the server builder customizers
     * @param tls the server's TLS
     */
    SpiffeNettyGrpcServerFactory(String address, List<ServerBuilderCustomizer<NettyServerBuilder>> customizers,
            SpiffeTlsConfig tls) {
        super(address, customizers, null, null, null);
        if (address.startsWith("unix:")) {
            throw SpiffeGrpcServerException.unsecuredServer("the Netty gRPC server on the Unix domain socket " + address);
        }
        this.credentials = NettySslContextServerCredentials.create(SpiffeNettySslContexts.server(tls, SpiffeNettySslContexts.HTTP_2));
    }

    @Override
    protected ServerCredentials credentials() {
        return this.credentials;
    }
}
