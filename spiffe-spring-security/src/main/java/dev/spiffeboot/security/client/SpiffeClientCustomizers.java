package dev.spiffeboot.security.client;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.spiffeboot.security.oauth2.client.AccessTokens;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.security.oauth2.client.TrustedAuthorizationServer;
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

    private final BearerSources bearers;

    /**
     * Customizers.
     *
     * @param tls the client TLS of this workload
     * @param tlsApplier makes a builder's client use a TLS configuration (Spring Boot's: through an SSL bundle, so
     * the client's other settings apply)
     * @param bearers where the bearer tokens come from
     */
    protected SpiffeClientCustomizers(SpiffeClientTls tls, Function<SpiffeTlsConfig, Consumer<B>> tlsApplier, BearerSources bearers) {
        this.tls = Objects.requireNonNull(tls, "client TLS");
        this.tlsApplier = Objects.requireNonNull(tlsApplier, "TLS applier");
        this.bearers = Objects.requireNonNull(bearers, "bearer sources");
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
        return withBearer(this.bearers.jwtSvids().get(), audience, moreAudiences);
    }

    /**
     * Adds {@code Authorization: Bearer <JWT>} signed by this workload as the client of its client ID metadata
     * document ({@code iss} = the document's URL), a new one for every request that has no Authorization header yet.
     *
     * @param audience the resource called, as it identifies itself (its {@code spiffe.jwt.client-metadata.audiences})
     * @throws IllegalStateException if this application publishes no client ID metadata document
     */
    public Consumer<B> clientIdJwtBearer(String audience) {
        return withClientIdBearer(this.bearers.clientIdJwts().get(), audience);
    }

    /**
     * Sends access tokens from the trusted authorization servers ({@link AccessTokens}): none until the server
     * answers 401 naming its protected resource metadata (RFC 9728), then the token of the first trusted server it
     * lists, and the request again, once; later requests send that token, renewed before it expires. A 401 naming
     * no trusted server is returned as it came.
     *
     * @throws IllegalStateException if there are no trusted authorization servers
     */
    public Consumer<B> accessTokens() {
        return withAccessTokens(this.bearers.accessTokens().get(), null, null, null);
    }

    /**
     * As {@link #accessTokens()}, with this workload's client ID JWT for the audience as the bearer while no access
     * token is known (and whenever none can be obtained): the resource accepts the JWT itself, or answers 401 with
     * where to get a token.
     */
    public Consumer<B> accessTokensOrClientIdJwt(String audience) {
        ClientIdJwts jwts = this.bearers.clientIdJwts().get();
        return withAccessTokens(this.bearers.accessTokens().get(), () -> jwts.mint(audience), null, null);
    }

    /**
     * Access tokens for the resource from the trusted authorization server named (the resource's own token endpoint,
     * typically) from the first request on, with the client ID JWT for the resource as the bearer when none can be
     * obtained.
     *
     * @param issuer the issuer identifier of a trusted authorization server
     * @param resource the resource identifier (RFC 8707 {@code resource}, and the audience of the client ID JWT)
     * @throws IllegalStateException if the issuer is not trusted, or this application has no client ID metadata document
     */
    public Consumer<B> accessTokensFrom(String issuer, String resource) {
        AccessTokens tokens = this.bearers.accessTokens().get();
        TrustedAuthorizationServer server = tokens.firstTrusted(List.of(URI.create(issuer)))
            .orElseThrow(() -> new IllegalStateException(issuer + " is not a trusted authorization server"));
        ClientIdJwts jwts = this.bearers.clientIdJwts().get();
        return withAccessTokens(tokens, () -> jwts.mint(resource), server, URI.create(resource));
    }

    /** Makes the builder's client add bearer tokens. */
    protected abstract Consumer<B> withBearer(JwtSource source, String audience, String[] moreAudiences);

    /** Makes the builder's client add client ID JWTs. */
    protected abstract Consumer<B> withClientIdBearer(ClientIdJwts jwts, String audience);

    /**
     * Makes the builder's client send access tokens.
     *
     * @param tokens the access tokens
     * @param firstBearer the bearer while no access token is known, or {@code null}
     * @param server the authorization server known up front, or {@code null} to learn it from a 401
     * @param resource the resource known up front, or {@code null}
     */
    protected abstract Consumer<B> withAccessTokens(AccessTokens tokens, Supplier<String> firstBearer, TrustedAuthorizationServer server,
            URI resource);

    private static SpiffeIdMatcher oneOf(String serverId, String... moreServerIds) {
        SpiffeId[] ids = new SpiffeId[moreServerIds.length + 1];
        ids[0] = SpiffeId.parse(serverId);
        for (int i = 0; i < moreServerIds.length; i++) {
            ids[i + 1] = SpiffeId.parse(moreServerIds[i]);
        }
        return SpiffeIdMatcher.oneOf(Arrays.asList(ids));
    }
}
