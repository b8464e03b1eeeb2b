package dev.spiffeboot.autoconfigure.client;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.boot.ssl.SslBundle;

import dev.spiffeboot.autoconfigure.ssl.SpiffeSslBundle;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Customizers that apply SPIFFE to an HTTP client builder: mTLS with the current X509-SVID that accepts only
 * servers whose SPIFFE ID is allowed (checked during the handshake), and JWT-SVID bearer tokens for audiences from the
 * {@link JwtSource} cache. Subclasses adapt them to one client type.
 *
 * @param <B> the client builder type
 */
public abstract class SpiffeClientCustomizers<B> {

    private final X509Source x509Source;

    private final Supplier<JwtSource> jwtSource;

    private final Authorizer defaultAuthorizer;

    private final RejectionListener rejections;

    SpiffeClientCustomizers(X509Source x509Source, Supplier<JwtSource> jwtSource, Authorizer defaultAuthorizer,
            RejectionListener rejections) {
        this.x509Source = x509Source;
        this.jwtSource = jwtSource;
        this.defaultAuthorizer = defaultAuthorizer;
        this.rejections = rejections;
    }

    /** mTLS accepting the servers that {@code spiffe.client.authorized-*} allows (the own trust domain by default). */
    public Consumer<B> mtls() {
        return mtls(this.defaultAuthorizer);
    }

    /** mTLS accepting only servers with one of these SPIFFE IDs. */
    public Consumer<B> mtls(String serverId, String... moreServerIds) {
        return mtls(oneOf(serverId, moreServerIds));
    }

    private static SpiffeIdMatcher oneOf(String serverId, String... moreServerIds) {
        SpiffeId[] ids = new SpiffeId[moreServerIds.length + 1];
        ids[0] = SpiffeId.parse(serverId);
        for (int i = 0; i < moreServerIds.length; i++) {
            ids[i + 1] = SpiffeId.parse(moreServerIds[i]);
        }
        return SpiffeIdMatcher.oneOf(Arrays.asList(ids));
    }

    /** mTLS accepting the servers the matcher accepts. */
    public Consumer<B> mtls(SpiffeIdMatcher serverMatcher) {
        return mtls(Authorizer.matching(serverMatcher));
    }

    /** mTLS accepting the servers the authorizer allows. */
    public Consumer<B> mtls(Authorizer serverAuthorizer) {
        Objects.requireNonNull(serverAuthorizer, "server authorizer");
        return withBundle(SpiffeSslBundle.of(this.x509Source, serverAuthorizer, this.rejections));
    }

    /**
     * TLS that authenticates the server by its SVID (one of these SPIFFE IDs) and presents no client certificate:
     * for servers that take JWT-SVIDs over TLS.
     */
    public Consumer<B> tls(String serverId, String... moreServerIds) {
        return tls(Authorizer.matching(oneOf(serverId, moreServerIds)));
    }

    /** TLS without a client certificate, accepting the servers the authorizer allows. */
    public Consumer<B> tls(Authorizer serverAuthorizer) {
        Objects.requireNonNull(serverAuthorizer, "server authorizer");
        return withBundle(SpiffeSslBundle.serverAuthenticationOnly(this.x509Source, serverAuthorizer, this.rejections));
    }

    /**
     * Adds {@code Authorization: Bearer <JWT-SVID>} for the audiences to every request that has no Authorization
     * header yet.
     *
     * @throws IllegalStateException if there is no JWT source
     */
    public Consumer<B> jwtBearer(String audience, String... moreAudiences) {
        return withBearer(this.jwtSource.get(), audience, moreAudiences);
    }

    /** Makes the builder's client use the bundle for TLS. */
    protected abstract Consumer<B> withBundle(SslBundle bundle);

    /** Makes the builder's client add bearer tokens. */
    protected abstract Consumer<B> withBearer(JwtSource source, String audience, String[] moreAudiences);
}
