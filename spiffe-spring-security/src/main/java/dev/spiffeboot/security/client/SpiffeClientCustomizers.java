package dev.spiffeboot.security.client;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.JwtSource;

/**
 * Customizers that apply SPIFFE to an HTTP client builder: mTLS with the current X509-SVID that accepts only
 * servers whose SPIFFE ID is allowed (checked during the handshake), TLS that only authenticates the server,
 * JWT-SVID bearer tokens for audiences from the {@link JwtSource} cache, and JWTs signed as the client of this
 * workload's client ID metadata document. Subclasses adapt them to one client type.
 *
 * @param <B> the client builder type
 */
public abstract class SpiffeClientCustomizers<B> {

    private final SpiffeClientTls tls;

    private final Function<SpiffeTlsConfig, Consumer<B>> tlsApplier;

    private final Supplier<JwtSource> jwtSource;

    private final Supplier<ClientIdJwts> clientIdJwts;

    /**
     * Customizers without client ID JWTs; see
     * {@link #SpiffeClientCustomizers(SpiffeClientTls, Function, Supplier, Supplier)}.
     */
    protected SpiffeClientCustomizers(SpiffeClientTls tls, Function<SpiffeTlsConfig, Consumer<B>> tlsApplier,
            Supplier<JwtSource> jwtSource) {
        this(tls, tlsApplier, jwtSource, () -> {
            throw new IllegalStateException("client ID JWTs need this application's client ID metadata document");
        });
    }

    /**
     * Customizers.
     *
     * @param tls the client TLS of this workload
     * @param tlsApplier makes a builder's client use a TLS configuration (Spring Boot's: through an SSL bundle, so
     * the client's other settings apply)
     * @param jwtSource the source of JWT-SVIDs, asked for when a bearer customizer is made
     * @param clientIdJwts the JWTs this workload signs as the client of its client ID metadata document, asked for
     * when such a bearer customizer is made
     */
    protected SpiffeClientCustomizers(SpiffeClientTls tls, Function<SpiffeTlsConfig, Consumer<B>> tlsApplier,
            Supplier<JwtSource> jwtSource, Supplier<ClientIdJwts> clientIdJwts) {
        this.tls = Objects.requireNonNull(tls, "client TLS");
        this.tlsApplier = Objects.requireNonNull(tlsApplier, "TLS applier");
        this.jwtSource = Objects.requireNonNull(jwtSource, "JWT source");
        this.clientIdJwts = Objects.requireNonNull(clientIdJwts, "client ID JWTs");
    }

    /** mTLS accepting the servers that {@code spiffe.client.authorized-*} allows (the own trust domain by default). */
    public Consumer<B> mtls() {
        return mtls(this.tls.defaultServers());
    }

    /** mTLS accepting only servers with one of these SPIFFE IDs. */
    public Consumer<B> mtls(String serverId, String... moreServerIds) {
        return mtls(oneOf(serverId, moreServerIds));
    }

    /** mTLS accepting the servers the matcher accepts. */
    public Consumer<B> mtls(SpiffeIdMatcher serverMatcher) {
        return mtls(Authorizer.matching(serverMatcher));
    }

    /** mTLS accepting the servers the authorizer allows. */
    public Consumer<B> mtls(Authorizer serverAuthorizer) {
        return this.tlsApplier.apply(this.tls.mtls(serverAuthorizer));
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
        return this.tlsApplier.apply(this.tls.tls(serverAuthorizer));
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

    /**
     * Adds {@code Authorization: Bearer <JWT>} signed by this workload as the client of its client ID metadata
     * document ({@code iss} = the document's URL), a new one for every request that has no Authorization header yet.
     *
     * @param audience the resource called, as it identifies itself (its {@code spiffe.jwt.client-metadata.audiences})
     * @throws IllegalStateException if this application publishes no client ID metadata document
     */
    public Consumer<B> clientIdJwtBearer(String audience) {
        return withClientIdBearer(this.clientIdJwts.get(), audience);
    }

    /** Makes the builder's client add bearer tokens. */
    protected abstract Consumer<B> withBearer(JwtSource source, String audience, String[] moreAudiences);

    /** Makes the builder's client add client ID JWTs. */
    protected abstract Consumer<B> withClientIdBearer(ClientIdJwts jwts, String audience);

    private static SpiffeIdMatcher oneOf(String serverId, String... moreServerIds) {
        SpiffeId[] ids = new SpiffeId[moreServerIds.length + 1];
        ids[0] = SpiffeId.parse(serverId);
        for (int i = 0; i < moreServerIds.length; i++) {
            ids[i + 1] = SpiffeId.parse(moreServerIds[i]);
        }
        return SpiffeIdMatcher.oneOf(Arrays.asList(ids));
    }
}
