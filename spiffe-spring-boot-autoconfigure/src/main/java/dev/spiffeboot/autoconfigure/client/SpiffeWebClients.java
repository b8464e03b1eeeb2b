package dev.spiffeboot.autoconfigure.client;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.webclient.autoconfigure.WebClientSsl;
import org.springframework.web.reactive.function.client.WebClient;

import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Applies SPIFFE to {@link WebClient} builders, like Spring Boot's {@link WebClientSsl}; see
 * {@link SpiffeRestClients}. The bearer does not block when the token is cached.
 */
public class SpiffeWebClients extends SpiffeClientCustomizers<WebClient.Builder> {

    private final WebClientSsl webClientSsl;

    SpiffeWebClients(X509Source x509Source, Supplier<JwtSource> jwtSource, WebClientSsl webClientSsl,
            Authorizer defaultAuthorizer, RejectionListener rejections) {
        super(x509Source, jwtSource, defaultAuthorizer, rejections);
        this.webClientSsl = webClientSsl;
    }

    @Override
    protected Consumer<WebClient.Builder> withBundle(SslBundle bundle) {
        return this.webClientSsl.fromBundle(bundle);
    }

    @Override
    protected Consumer<WebClient.Builder> withBearer(JwtSource source, String audience, String[] moreAudiences) {
        JwtSvidBearerExchangeFilter filter = new JwtSvidBearerExchangeFilter(source, audience, moreAudiences);
        return builder -> builder.filter(filter);
    }
}
