package dev.spiffeboot.sample.client;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.spiffeboot.security.client.SpiffeClientCustomizers;
import dev.spiffeboot.security.client.SpiffeRestClients;
import dev.spiffeboot.security.client.SpiffeWebClients;
import dev.spiffeboot.security.oauth2.client.AccessTokenBearerExchangeFilter;
import dev.spiffeboot.security.oauth2.client.AccessTokenBearerInterceptor;
import dev.spiffeboot.security.oauth2.client.AccessTokens;

/**
 * The clients of the sample server that the scenarios need, on one HTTP client stack: RestClient or WebClient, each
 * configured with the starter's customizers only ({@link SpiffeRestClients}, {@link SpiffeWebClients}).
 *
 * @param <B> the stack's client builder
 */
final class HttpStack<B> {

    /** How long a WebClient GET may take before the scenario counts it as failed. */
    private static final Duration WEB_CLIENT_TIMEOUT = Duration.ofSeconds(60);

    private final String name;

    private final SpiffeClientCustomizers<B> spiffe;

    private final Supplier<B> builders;

    private final Function<B, HttpGet> clients;

    private final Function<AccessTokens, Consumer<B>> accessTokens;

    /**
     * A stack.
     *
     * @param builders new builders of clients of the server
     * @param clients builds a client
     * @param accessTokens makes a builder's client send access tokens of other {@link AccessTokens} than the
     * application's (the stack's filter of the starter, as {@link SpiffeClientCustomizers#accessTokens()} adds it)
     */
    private HttpStack(String name, SpiffeClientCustomizers<B> spiffe, Supplier<B> builders, Function<B, HttpGet> clients,
            Function<AccessTokens, Consumer<B>> accessTokens) {
        this.name = name;
        this.spiffe = spiffe;
        this.builders = builders;
        this.clients = clients;
        this.accessTokens = accessTokens;
    }

    /** Clients made from clones of the builder, with the server's base URL. */
    static HttpStack<RestClient.Builder> restClient(RestClient.Builder builder, SpiffeRestClients spiffe, String serverUrl) {
        return new HttpStack<>("RestClient", spiffe, () -> builder.clone().baseUrl(serverUrl), HttpStack::restClient,
                tokens -> clientBuilder -> clientBuilder.requestInterceptor(new AccessTokenBearerInterceptor(tokens, null)));
    }

    /** Clients made from clones of the builder, with the server's base URL; each GET waits for its answer. */
    static HttpStack<WebClient.Builder> webClient(WebClient.Builder builder, SpiffeWebClients spiffe, String serverUrl) {
        return new HttpStack<>("WebClient", spiffe, () -> builder.clone().baseUrl(serverUrl), HttpStack::webClient,
                tokens -> clientBuilder -> clientBuilder.filter(new AccessTokenBearerExchangeFilter(tokens, null)));
    }

    private static HttpGet restClient(RestClient.Builder builder) {
        RestClient client = builder.build();
        return (path, authorization) -> client.get().uri(path).headers(authorization(authorization))
            .exchange((request, response) -> HttpOutcome.of(response.getStatusCode().value(), response.bodyTo(String.class),
                    response.getHeaders()));
    }

    private static HttpGet webClient(WebClient.Builder builder) {
        WebClient client = builder.build();
        return (path, authorization) -> client.get().uri(path).headers(authorization(authorization))
            .exchangeToMono(response -> response.bodyToMono(String.class)
                .defaultIfEmpty("")
                .map(body -> HttpOutcome.of(response.statusCode().value(), body, response.headers().asHttpHeaders())))
            .block(WEB_CLIENT_TIMEOUT);
    }

    private static Consumer<HttpHeaders> authorization(String authorization) {
        return headers -> {
            if (authorization != null) {
                headers.set(HttpHeaders.AUTHORIZATION, authorization);
            }
        };
    }

    /** The client's name, for the report. */
    String name() {
        return this.name;
    }

    /** mTLS with this workload's X509-SVID, accepting only a server with this SPIFFE ID. */
    HttpGet mtls(String serverId) {
        return client(List.of(this.spiffe.mtls(serverId)));
    }

    /** {@link #mtls(String)} that also sends JWT-SVIDs for the audience. */
    HttpGet mtlsWithToken(String serverId, String audience) {
        return client(List.of(this.spiffe.mtls(serverId), this.spiffe.jwtBearer(audience)));
    }

    /** TLS without a client certificate, accepting only a server with this SPIFFE ID. */
    HttpGet tls(String serverId) {
        return client(List.of(this.spiffe.tls(serverId)));
    }

    /** {@link #tls(String)} that sends JWT-SVIDs for the audience. */
    HttpGet tlsWithToken(String serverId, String audience) {
        return client(List.of(this.spiffe.tls(serverId), this.spiffe.jwtBearer(audience)));
    }

    /** TLS (no client certificate) that sends this workload's client ID JWTs for the audience (OAuth flow 1). */
    HttpGet tlsWithClientIdJwt(String serverId, String audience) {
        return client(List.of(this.spiffe.tls(serverId), this.spiffe.clientIdJwtBearer(audience)));
    }

    /**
     * TLS that sends access tokens of the application's trusted authorization servers, got when the server's 401
     * names its protected resource metadata (OAuth flow 3).
     */
    HttpGet tlsWithAccessTokens(String serverId) {
        return client(List.of(this.spiffe.tls(serverId), this.spiffe.accessTokens()));
    }

    /** {@link #tlsWithAccessTokens(String)} with other access tokens than the application's. */
    HttpGet tlsWithAccessTokens(String serverId, AccessTokens tokens) {
        return client(List.of(this.spiffe.tls(serverId), this.accessTokens.apply(tokens)));
    }

    /**
     * TLS that sends access tokens from the named authorization server (the server's own token endpoint) from the
     * first request on (OAuth flow 2).
     */
    HttpGet tlsWithAccessTokensFrom(String serverId, String issuer, String resource) {
        return client(List.of(this.spiffe.tls(serverId), this.spiffe.accessTokensFrom(issuer, resource)));
    }

    /** A client with the customizers, applied as the builders' {@code apply} does. */
    private HttpGet client(List<Consumer<B>> customizers) {
        B builder = this.builders.get();
        customizers.forEach(customizer -> customizer.accept(builder));
        return this.clients.apply(builder);
    }
}
