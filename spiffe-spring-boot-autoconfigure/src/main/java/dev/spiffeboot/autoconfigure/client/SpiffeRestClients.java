package dev.spiffeboot.autoconfigure.client;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.web.client.RestClient;

import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Applies SPIFFE to {@link RestClient} builders, like Spring Boot's {@link RestClientSsl}:
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

    private final RestClientSsl restClientSsl;

    SpiffeRestClients(X509Source x509Source, Supplier<JwtSource> jwtSource, RestClientSsl restClientSsl,
            Authorizer defaultAuthorizer, RejectionListener rejections) {
        super(x509Source, jwtSource, defaultAuthorizer, rejections);
        this.restClientSsl = restClientSsl;
    }

    @Override
    protected Consumer<RestClient.Builder> withBundle(SslBundle bundle) {
        return this.restClientSsl.fromBundle(bundle);
    }

    @Override
    protected Consumer<RestClient.Builder> withBearer(JwtSource source, String audience, String[] moreAudiences) {
        JwtSvidBearerInterceptor interceptor = new JwtSvidBearerInterceptor(source, audience, moreAudiences);
        return builder -> builder.requestInterceptor(interceptor);
    }
}
