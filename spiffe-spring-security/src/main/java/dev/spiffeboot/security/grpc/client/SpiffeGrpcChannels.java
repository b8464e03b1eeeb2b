package dev.spiffeboot.security.grpc.client;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.NettySslContextChannelCredentials;

import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;

import dev.spiffeboot.security.client.SpiffeClientTls;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.tls.netty.SpiffeNettySslContexts;
import dev.spiffeboot.workloadapi.JwtSource;

/**
 * SPIFFE for gRPC channels (grpc-java's Netty transport):
 *
 * <pre>{@code
 * ManagedChannel orders = Grpc.newChannelBuilder("orders:9090", spiffeGrpcChannels.mtls("spiffe://example.org/orders"))
 *         .intercept(...)
 *         .build();
 * OrdersStub stub = OrdersGrpc.newStub(orders).withCallCredentials(spiffeGrpcChannels.jwtSvid("spiffe://example.org/orders"));
 * }</pre>
 * The TLS is {@link ChannelCredentials}: a channel builder created with them refuses any later change of its
 * security ({@code usePlaintext()}, {@code sslContext(...)}), so no customizer can take the TLS away. It presents the
 * X509-SVID current at each handshake, so new connections get a rotated SVID while open connections carry on, and
 * it verifies the server's chain against its trust domain's bundle and authorizes its SPIFFE ID during the
 * handshake, never resuming a TLS session. The call credentials add JWT-SVIDs from the {@link JwtSource} cache.
 */
public class SpiffeGrpcChannels {

    private final SpiffeClientTls tls;

    private final Supplier<JwtSource> jwtSource;

    /**
     * @param tls the client TLS of this workload
     * @param jwtSource the source of JWT-SVIDs, asked for when call credentials are made
     */
    public SpiffeGrpcChannels(SpiffeClientTls tls, Supplier<JwtSource> jwtSource) {
        this.tls = Objects.requireNonNull(tls, "client TLS");
        this.jwtSource = Objects.requireNonNull(jwtSource, "JWT source");
    }

    /**
     * The channel credentials of a TLS configuration: Netty's JSSE engine on the SPIFFE managers, with HTTP/2 by
     * ALPN.
     */
    public static ChannelCredentials credentials(SpiffeTlsConfig tls) {
        return NettySslContextChannelCredentials.create(SpiffeNettySslContexts.client(tls, SpiffeNettySslContexts.HTTP_2));
    }

    /** mTLS accepting the servers that {@code spiffe.client.authorized-*} allows (the own trust domain by default). */
    public ChannelCredentials mtls() {
        return mtls(this.tls.defaultServers());
    }

    /** mTLS accepting only servers with one of these SPIFFE IDs. */
    public ChannelCredentials mtls(String serverId, String... moreServerIds) {
        return mtls(oneOf(serverId, moreServerIds));
    }

    /** mTLS accepting the servers the matcher accepts. */
    public ChannelCredentials mtls(SpiffeIdMatcher serverMatcher) {
        return mtls(Authorizer.matching(serverMatcher));
    }

    /**
     * mTLS accepting the servers the authorizer allows.
     *
     * @throws IllegalStateException if this workload has no X509-SVID to present
     */
    public ChannelCredentials mtls(Authorizer serverAuthorizer) {
        return credentials(this.tls.mtls(serverAuthorizer));
    }

    /**
     * TLS that authenticates the server by its SVID (one of these SPIFFE IDs) and presents no client certificate:
     * for servers that take JWT-SVIDs over TLS.
     */
    public ChannelCredentials tls(String serverId, String... moreServerIds) {
        return tls(Authorizer.matching(oneOf(serverId, moreServerIds)));
    }

    /** TLS without a client certificate, accepting the servers the authorizer allows. */
    public ChannelCredentials tls(Authorizer serverAuthorizer) {
        return credentials(this.tls.tls(serverAuthorizer));
    }

    /**
     * Call credentials with JWT-SVIDs for the audiences; see {@link JwtSvidCallCredentials}.
     *
     * @throws IllegalStateException if there is no JWT source
     */
    public JwtSvidCallCredentials jwtSvid(String audience, String... moreAudiences) {
        return new JwtSvidCallCredentials(this.jwtSource.get(), audience, moreAudiences);
    }

    /**
     * A Spring gRPC channel customizer that gives every call of the channel JWT-SVID call credentials for the
     * audiences, unless the call brings its own.
     *
     * @throws IllegalStateException if there is no JWT source
     */
    public <T extends ManagedChannelBuilder<T>> GrpcChannelBuilderCustomizer<T> jwtBearer(String audience, String... moreAudiences) {
        CallCredentialsInterceptor interceptor = new CallCredentialsInterceptor(jwtSvid(audience, moreAudiences));
        return (target, builder) -> builder.intercept(interceptor);
    }

    private static SpiffeIdMatcher oneOf(String serverId, String... moreServerIds) {
        return SpiffeIdMatcher.oneOf(Stream.concat(Stream.of(serverId), Stream.of(moreServerIds)).map(SpiffeId::parse).toList());
    }
}
