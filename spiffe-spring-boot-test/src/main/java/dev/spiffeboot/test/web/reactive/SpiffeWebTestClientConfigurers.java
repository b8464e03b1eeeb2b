package dev.spiffeboot.test.web.reactive;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.BiFunction;

import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationContext;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClientConfigurer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import dev.spiffeboot.test.agent.SpiffeTestAgent;
import dev.spiffeboot.test.issuer.AutoConfigureTestIssuerKeys;
import dev.spiffeboot.test.issuer.TestIssuerKeys;

/**
 * WebTestClient exchanges from an authenticated SPIFFE caller, with real credentials minted by the application
 * context's {@link SpiffeTestAgent}: the application authenticates and authorizes them exactly as it does real
 * requests, so a test catches a wrong rule. For a client bound to the application ({@code @WebFluxTest},
 * {@code @AutoConfigureWebTestClient} without a running server, {@code WebTestClient.bindToApplicationContext}).
 *
 * <pre>{@code
 * client.mutateWith(spiffePeer("spiffe://example.org/frontend")).get().uri("/orders").exchange().expectStatus().isOk();
 * client.mutateWith(jwtSvid("spiffe://example.org/batch").audience("orders")).get().uri("/orders").exchange();
 * }</pre>
 *
 * {@link #issuerToken(String, String)} is a token of another issuer, with {@link AutoConfigureTestIssuerKeys}.
 */
public final class SpiffeWebTestClientConfigurers {

    private SpiffeWebTestClientConfigurers() {
    }

    /**
     * Exchanges come over mTLS from a peer with this SPIFFE ID: an X509-SVID minted by the test agent is the
     * request's peer certificate chain ({@link SslInfo}), verified by the application against its bundles.
     */
    public static WebTestClientConfigurer spiffePeer(String spiffeId) {
        return new RequestMutator("spiffePeer", (context, request) -> {
            List<X509Certificate> chain = SpiffeTestAgent.of(context).mintX509Svid(spiffeId).chain();
            return request.mutate().sslInfo(SslInfo.from("spiffe-test", chain.toArray(X509Certificate[]::new))).build();
        });
    }

    /**
     * Exchanges carry a JWT-SVID of this SPIFFE ID ({@code Authorization: Bearer}), signed by the test agent; for
     * the application's own SPIFFE ID unless {@link BearerTokenConfigurer#audience(String...)} says otherwise.
     */
    public static BearerTokenConfigurer jwtSvid(String spiffeId) {
        return new BearerTokenConfigurer("jwtSvid", (context, audiences) -> SpiffeTestAgent.of(context).mintJwtSvid(spiffeId, audiences),
                List.of());
    }

    /**
     * Exchanges carry a token of an issuer of {@code spiffe.jwt.issuers} for the subject
     * ({@code Authorization: Bearer}), signed with the test key of {@link AutoConfigureTestIssuerKeys} (which the test
     * needs); for the audiences the application accepts from the issuer unless
     * {@link BearerTokenConfigurer#audience(String...)} says otherwise.
     */
    public static BearerTokenConfigurer issuerToken(String issuer, String subject) {
        return new BearerTokenConfigurer("issuerToken",
                (context, audiences) -> TestIssuerKeys.of(context).mintToken(issuer, subject, audiences), List.of());
    }

    /** A bearer token for the exchanges, with the audiences of your choice. */
    public static final class BearerTokenConfigurer implements WebTestClientConfigurer {

        private final String name;

        private final BiFunction<ApplicationContext, List<String>, String> minter;

        private final List<String> audiences;

        private BearerTokenConfigurer(String name, BiFunction<ApplicationContext, List<String>, String> minter, List<String> audiences) {
            this.name = name;
            this.minter = minter;
            this.audiences = audiences;
        }

        /** The token's audiences instead of the default ones. */
        public BearerTokenConfigurer audience(String... audiences) {
            return new BearerTokenConfigurer(this.name, this.minter, List.of(audiences));
        }

        @Override
        public void afterConfigurerAdded(WebTestClient.Builder builder, WebHttpHandlerBuilder httpHandlerBuilder,
                ClientHttpConnector connector) {
            new RequestMutator(this.name, (context, request) -> {
                String token = this.minter.apply(context, this.audiences);
                return request.mutate().headers(headers -> headers.setBearerAuth(token)).build();
            }).afterConfigurerAdded(builder, httpHandlerBuilder, connector);
        }
    }

    /** Changes each request before the application's filters see it, with the exchange's application context. */
    private record RequestMutator(String name, BiFunction<ApplicationContext, ServerHttpRequest, ServerHttpRequest> mutation)
            implements WebTestClientConfigurer, WebFilter {

        @Override
        public void afterConfigurerAdded(WebTestClient.Builder builder, WebHttpHandlerBuilder httpHandlerBuilder,
                ClientHttpConnector connector) {
            if (httpHandlerBuilder == null) {
                throw new IllegalStateException(this.name + "() needs a WebTestClient bound to the application "
                        + "(@WebFluxTest, or WebTestClient.bindToApplicationContext), not to a running server");
            }
            httpHandlerBuilder.filters(filters -> filters.add(0, this));
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            ApplicationContext context = exchange.getApplicationContext();
            if (context == null) {
                return Mono.error(new IllegalStateException(this.name + "() needs a WebTestClient bound to an application "
                        + "context (@WebFluxTest, or WebTestClient.bindToApplicationContext)"));
            }
            ServerHttpRequest request = this.mutation.apply(context, exchange.getRequest());
            return chain.filter(exchange.mutate().request(request).build());
        }
    }
}
