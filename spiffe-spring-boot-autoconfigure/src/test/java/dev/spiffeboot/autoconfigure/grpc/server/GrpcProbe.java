package dev.spiffeboot.autoconfigure.grpc.server;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.ssl.SslContext;

import dev.spiffeboot.security.grpc.server.SpiffeGrpcAuthenticationExtractor;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.tls.netty.SpiffeNettySslContexts;
import dev.spiffeboot.workloadapi.X509Source;

/** Calls {@link PeerService} over real gRPC on 127.0.0.1, and reports the answer with the TLS session it came over. */
final class GrpcProbe {

    static final String SERVER = "spiffe://example.org/server";

    private GrpcProbe() {
    }

    /** The answer and the client's view of the TLS session ({@code null} over plaintext). */
    record Response(String body, SSLSession session) {

        BigInteger serverSerial() throws SSLPeerUnverifiedException {
            return ((X509Certificate) this.session.getPeerCertificates()[0]).getSerialNumber();
        }
    }

    /** mTLS as the source's workload, expecting the server {@link #SERVER}. */
    static SslContext mtlsAs(X509Source source) {
        return mtlsAs(source, source, SERVER);
    }

    /** mTLS with the SVID of one source, the bundles of another, expecting the server ID given. */
    static SslContext mtlsAs(X509Source svid, X509Source bundles, String serverId) {
        SpiffeTlsConfig tls = SpiffeTlsConfig.builder(bundles).svid(svid).authorizer(Authorizer.id(SpiffeId.parse(serverId))).build();
        return SpiffeNettySslContexts.client(tls, SpiffeNettySslContexts.HTTP_2);
    }

    /** TLS without a client certificate, expecting the server {@link #SERVER}. */
    static SslContext tlsWithoutCertificate(X509Source bundles) {
        SpiffeTlsConfig tls = SpiffeTlsConfig.builder(bundles).authorizer(Authorizer.id(SpiffeId.parse(SERVER))).build();
        return SpiffeNettySslContexts.client(tls, SpiffeNettySslContexts.HTTP_2);
    }

    static ManagedChannel channel(int port, SslContext tls) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(tls).build();
    }

    static ManagedChannel plaintextChannel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** One call on a channel of its own, which is closed afterwards: a new connection and handshake. */
    static Response call(int port, SslContext tls) throws InterruptedException {
        ManagedChannel channel = channel(port, tls);
        try {
            return call(channel);
        }
        finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * One call of a unary method on a channel of its own (closed afterwards), with an {@code authorization: Bearer}
     * value for each token.
     *
     * @throws io.grpc.StatusRuntimeException if the call fails
     */
    static String call(SslContext tls, int port, MethodDescriptor<String, String> method, String... tokens)
            throws InterruptedException {
        Metadata metadata = new Metadata();
        for (String token : tokens) {
            metadata.put(SpiffeGrpcAuthenticationExtractor.AUTHORIZATION, "Bearer " + token);
        }
        ManagedChannel channel = channel(port, tls);
        try {
            return ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(metadata)),
                    method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "request");
        }
        finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * One call on the channel.
     *
     * @throws io.grpc.StatusRuntimeException if the call fails
     */
    static Response call(Channel channel) {
        AtomicReference<SSLSession> session = new AtomicReference<>();
        Channel capturing = ClientInterceptors.intercept(channel, new SessionCapture(session));
        String body = ClientCalls.blockingUnaryCall(capturing, PeerService.GET, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "peer");
        return new Response(body, session.get());
    }

    /** Keeps the TLS session of the call once its response headers arrive. */
    private record SessionCapture(AtomicReference<SSLSession> session) implements ClientInterceptor {

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {

                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    ClientCall<Q, R> call = this;
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {

                        @Override
                        public void onHeaders(Metadata responseHeaders) {
                            SessionCapture.this.session.set(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                            super.onHeaders(responseHeaders);
                        }
                    }, headers);
                }
            };
        }
    }
}
