package dev.spiffeboot.security.client;

import java.net.URI;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.web.reactive.function.client.WebClient;

import dev.spiffeboot.security.oauth2.client.AccessTokenBearerExchangeFilter;
import dev.spiffeboot.security.oauth2.client.AccessTokens;
import dev.spiffeboot.security.oauth2.client.ClientIdJwtBearerExchangeFilter;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.security.oauth2.client.TrustedAuthorizationServer;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.JwtSource;

/**
 * Applies SPIFFE to {@link WebClient} builders, as Spring Boot's {@code WebClientSsl} applies SSL bundles; see
 * {@link SpiffeRestClients}. The bearer does not block when the token is cached.
 */
public class SpiffeWebClients extends SpiffeClientCustomizers<WebClient.Builder> {

    /**
     * Customizers of WebClient builders; see {@link SpiffeClientCustomizers#SpiffeClientCustomizers}. The SPIFFE
     * auto-configuration declares one whose TLS goes through Spring Boot's {@code WebClientSsl}.
     */
    public SpiffeWebClients(SpiffeClientTls tls, Function<SpiffeTlsConfig, Consumer<WebClient.Builder>> tlsApplier, BearerSources bearers) {
        super(tls, tlsApplier, bearers);
    }

    @Override
    protected Consumer<WebClient.Builder> withBearer(JwtSource source, String audience, String[] moreAudiences) {
        JwtSvidBearerExchangeFilter filter = new JwtSvidBearerExchangeFilter(source, audience, moreAudiences);
        return builder -> builder.filter(filter);
    }

    @Override
    protected Consumer<WebClient.Builder> withClientIdBearer(ClientIdJwts jwts, String audience) {
        ClientIdJwtBearerExchangeFilter filter = new ClientIdJwtBearerExchangeFilter(jwts, audience);
        return builder -> builder.filter(filter);
    }

    @Override
    protected Consumer<WebClient.Builder> withAccessTokens(AccessTokens tokens, Supplier<String> firstBearer,
            TrustedAuthorizationServer server, URI resource) {
        AccessTokenBearerExchangeFilter filter = (server != null)
                ? new AccessTokenBearerExchangeFilter(tokens, firstBearer, server, resource)
                : new AccessTokenBearerExchangeFilter(tokens, firstBearer);
        return builder -> builder.filter(filter);
    }
}
