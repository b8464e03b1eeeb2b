package dev.spiffeboot.security.client;

import java.net.URI;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.web.client.RestClient;

import dev.spiffeboot.security.oauth2.client.AccessTokenBearerInterceptor;
import dev.spiffeboot.security.oauth2.client.AccessTokens;
import dev.spiffeboot.security.oauth2.client.ClientIdJwtBearerInterceptor;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.security.oauth2.client.TrustedAuthorizationServer;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.JwtSource;

/**
 * Applies SPIFFE to {@link RestClient} builders, as Spring Boot's {@code RestClientSsl} applies SSL bundles:
 *
 * <pre>{@code
 * RestClient orders = builder.apply(spiffeRestClients.mtls("spiffe://example.org/orders"))
 *         .apply(spiffeRestClients.jwtBearer("spiffe://example.org/orders"))
 *         .baseUrl("https://orders:8443")
 *         .build();
 * }</pre>
 * mTLS presents the current X509-SVID (a rotated one from the next connection on) and accepts only allowed server
 * IDs; the bearer adds {@code Authorization: Bearer <JWT-SVID>} from the {@link JwtSource} cache.
 */
public class SpiffeRestClients extends SpiffeClientCustomizers<RestClient.Builder> {

    /**
     * Customizers of RestClient builders; see {@link SpiffeClientCustomizers#SpiffeClientCustomizers}. The SPIFFE
     * auto-configuration declares one whose TLS goes through Spring Boot's {@code RestClientSsl}.
     */
    public SpiffeRestClients(SpiffeClientTls tls, Function<SpiffeTlsConfig, Consumer<RestClient.Builder>> tlsApplier, BearerSources bearers) {
        super(tls, tlsApplier, bearers);
    }

    @Override
    protected Consumer<RestClient.Builder> withBearer(JwtSource source, String audience, String[] moreAudiences) {
        JwtSvidBearerInterceptor interceptor = new JwtSvidBearerInterceptor(source, audience, moreAudiences);
        return builder -> builder.requestInterceptor(interceptor);
    }

    @Override
    protected Consumer<RestClient.Builder> withClientIdBearer(ClientIdJwts jwts, String audience) {
        ClientIdJwtBearerInterceptor interceptor = new ClientIdJwtBearerInterceptor(jwts, audience);
        return builder -> builder.requestInterceptor(interceptor);
    }

    @Override
    protected Consumer<RestClient.Builder> withAccessTokens(AccessTokens tokens, Supplier<String> firstBearer,
            TrustedAuthorizationServer server, URI resource) {
        AccessTokenBearerInterceptor interceptor = (server != null)
                ? new AccessTokenBearerInterceptor(tokens, firstBearer, server, resource)
                : new AccessTokenBearerInterceptor(tokens, firstBearer);
        return builder -> builder.requestInterceptor(interceptor);
    }
}
