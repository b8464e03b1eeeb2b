package dev.spiffeboot.autoconfigure.client;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.web.client.RestClient;

import dev.spiffeboot.autoconfigure.ssl.SpiffeSslBundle;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeTrustManager.RejectionListener;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Applies SPIFFE to {@link RestClient} builders, like Spring Boot's {@link RestClientSsl}:
 *
 * <pre>{@code
 * RestClient orders = builder.apply(spiffeRestClients.mtls("spiffe://example.org/orders"))
 *         .baseUrl("https://orders:8443")
 *         .build();
 * RestClient reports = builder.apply(spiffeRestClients.jwtBearer("spiffe://example.org/reports")).build();
 * }</pre>
 * mTLS presents the current X509-SVID (a rotated one on the next connection) and accepts only servers whose SPIFFE
 * ID the authorizer allows, checked during the handshake. The bearer adds {@code Authorization: Bearer <JWT-SVID>}
 * for the audiences, from the {@link JwtSource} cache.
 */
public class SpiffeRestClients {

    private final X509Source x509Source;

    private final Supplier<JwtSource> jwtSource;

    private final RestClientSsl restClientSsl;

    private final Authorizer defaultAuthorizer;

    private final RejectionListener rejections;

    SpiffeRestClients(X509Source x509Source, Supplier<JwtSource> jwtSource, RestClientSsl restClientSsl,
            Authorizer defaultAuthorizer, RejectionListener rejections) {
        this.x509Source = x509Source;
        this.jwtSource = jwtSource;
        this.restClientSsl = restClientSsl;
        this.defaultAuthorizer = defaultAuthorizer;
        this.rejections = rejections;
    }

    /** mTLS accepting the servers that {@code spiffe.client.authorized-*} allows (the own trust domain by default). */
    public Consumer<RestClient.Builder> mtls() {
        return mtls(this.defaultAuthorizer);
    }

    /** mTLS accepting only servers with one of these SPIFFE IDs. */
    public Consumer<RestClient.Builder> mtls(String serverId, String... moreServerIds) {
        return mtls(Authorizer.matching(Matchers.oneOf(serverId, moreServerIds)));
    }

    /** mTLS accepting the servers the matcher accepts. */
    public Consumer<RestClient.Builder> mtls(SpiffeIdMatcher serverMatcher) {
        return mtls(Authorizer.matching(serverMatcher));
    }

    /** mTLS accepting the servers the authorizer allows. */
    public Consumer<RestClient.Builder> mtls(Authorizer serverAuthorizer) {
        Objects.requireNonNull(serverAuthorizer, "server authorizer");
        return this.restClientSsl.fromBundle(SpiffeSslBundle.of(this.x509Source, serverAuthorizer, this.rejections));
    }

    /**
     * Adds {@code Authorization: Bearer <JWT-SVID>} for the audiences to every request that has no Authorization
     * header yet.
     *
     * @throws IllegalStateException if there is no JWT source
     */
    public Consumer<RestClient.Builder> jwtBearer(String audience, String... moreAudiences) {
        JwtSvidBearerInterceptor interceptor = new JwtSvidBearerInterceptor(this.jwtSource.get(), audience, moreAudiences);
        return builder -> builder.requestInterceptor(interceptor);
    }

    /** Builds matchers from configured ID strings. */
    static final class Matchers {

        private Matchers() {
        }

        static SpiffeIdMatcher oneOf(String first, String... more) {
            SpiffeId[] ids = new SpiffeId[more.length + 1];
            ids[0] = SpiffeId.parse(first);
            for (int i = 0; i < more.length; i++) {
                ids[i + 1] = SpiffeId.parse(more[i]);
            }
            return SpiffeIdMatcher.oneOf(Arrays.asList(ids));
        }
    }
}
