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
 */
public final class SpiffeWebTestClientConfigurers {

    private SpiffeWebTestClientConfigurers() {
    }

    /**
     * Exchanges come over mTLS from a peer with this SPIFFE ID: an X509-SVID minted by the test agent is the
     * request's peer certificate chain ({@link SslInfo}), verified by the application against its bundles.
     */
    public static WebTestClientConfigurer spiffePeer(String spiffeId) {
        return new RequestMutator("spiffePeer", (agent, request) -> {
            List<X509Certificate> chain = agent.mintX509Svid(spiffeId).chain();
            return request.mutate().sslInfo(SslInfo.from("spiffe-test", chain.toArray(X509Certificate[]::new))).build();
        });
    }

    /**
     * Exchanges carry a JWT-SVID of this SPIFFE ID ({@code Authorization: Bearer}), signed by the test agent; for
     * the application's own SPIFFE ID unless {@link JwtSvidConfigurer#audience(String...)} says otherwise.
     */
    public static JwtSvidConfigurer jwtSvid(String spiffeId) {
        return new JwtSvidConfigurer(spiffeId, List.of());
    }

    /** A JWT-SVID for the exchanges, with the audiences of your choice. */
    public static final class JwtSvidConfigurer implements WebTestClientConfigurer {

        private final String spiffeId;

        private final List<String> audiences;

        private JwtSvidConfigurer(String spiffeId, List<String> audiences) {
            this.spiffeId = spiffeId;
            this.audiences = audiences;
        }

        /** The token's audiences instead of the application's SPIFFE ID. */
        public JwtSvidConfigurer audience(String... audiences) {
            return new JwtSvidConfigurer(this.spiffeId, List.of(audiences));
        }

        @Override
        public void afterConfigurerAdded(WebTestClient.Builder builder, WebHttpHandlerBuilder httpHandlerBuilder,
                ClientHttpConnector connector) {
            new RequestMutator("jwtSvid", (agent, request) -> {
                String token = agent.mintJwtSvid(this.spiffeId, this.audiences);
                return request.mutate().headers(headers -> headers.setBearerAuth(token)).build();
            }).afterConfigurerAdded(builder, httpHandlerBuilder, connector);
        }
    }

    /**
     * Changes each request before the application's filters see it, with the agent of the exchange's application
     * context.
     */
    private record RequestMutator(String name, BiFunction<SpiffeTestAgent, ServerHttpRequest, ServerHttpRequest> mutation)
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
            ServerHttpRequest request = this.mutation.apply(SpiffeTestAgent.of(context), exchange.getRequest());
            return chain.filter(exchange.mutate().request(request).build());
        }
    }
}
