package dev.spiffeboot.autoconfigure.client;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.boot.webclient.autoconfigure.WebClientSsl;
import org.springframework.web.reactive.function.client.WebClient;

import dev.spiffeboot.autoconfigure.ssl.SpiffeSslBundle;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeTrustManager.RejectionListener;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Applies SPIFFE to {@link WebClient} builders, like Spring Boot's {@link WebClientSsl}; see
 * {@link SpiffeRestClients} for what mTLS and the bearer do.
 */
public class SpiffeWebClients {

    private final X509Source x509Source;

    private final Supplier<JwtSource> jwtSource;

    private final WebClientSsl webClientSsl;

    private final Authorizer defaultAuthorizer;

    private final RejectionListener rejections;

    SpiffeWebClients(X509Source x509Source, Supplier<JwtSource> jwtSource, WebClientSsl webClientSsl,
            Authorizer defaultAuthorizer, RejectionListener rejections) {
        this.x509Source = x509Source;
        this.jwtSource = jwtSource;
        this.webClientSsl = webClientSsl;
        this.defaultAuthorizer = defaultAuthorizer;
        this.rejections = rejections;
    }

    /** mTLS accepting the servers that {@code spiffe.client.authorized-*} allows (the own trust domain by default). */
    public Consumer<WebClient.Builder> mtls() {
        return mtls(this.defaultAuthorizer);
    }

    /** mTLS accepting only servers with one of these SPIFFE IDs. */
    public Consumer<WebClient.Builder> mtls(String serverId, String... moreServerIds) {
        return mtls(Authorizer.matching(SpiffeRestClients.Matchers.oneOf(serverId, moreServerIds)));
    }

    /** mTLS accepting the servers the matcher accepts. */
    public Consumer<WebClient.Builder> mtls(SpiffeIdMatcher serverMatcher) {
        return mtls(Authorizer.matching(serverMatcher));
    }

    /** mTLS accepting the servers the authorizer allows. */
    public Consumer<WebClient.Builder> mtls(Authorizer serverAuthorizer) {
        Objects.requireNonNull(serverAuthorizer, "server authorizer");
        return this.webClientSsl.fromBundle(SpiffeSslBundle.of(this.x509Source, serverAuthorizer, this.rejections));
    }

    /**
     * Adds {@code Authorization: Bearer <JWT-SVID>} for the audiences to every request that has no Authorization
     * header yet, without blocking when the token is cached.
     *
     * @throws IllegalStateException if there is no JWT source
     */
    public Consumer<WebClient.Builder> jwtBearer(String audience, String... moreAudiences) {
        JwtSvidBearerExchangeFilter filter = new JwtSvidBearerExchangeFilter(this.jwtSource.get(), audience, moreAudiences);
        return builder -> builder.filter(filter);
    }
}
