package dev.spiffeboot.autoconfigure.tokenendpoint;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;

import dev.spiffeboot.security.client.SpiffeWebClients;
import dev.spiffeboot.security.oauth2.client.AccessTokenBearerExchangeFilter;
import dev.spiffeboot.security.oauth2.client.AccessTokens;
import dev.spiffeboot.security.oauth2.client.TrustedAuthorizationServer;

import static dev.spiffeboot.autoconfigure.tokenendpoint.TokenEndpointApplication.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token endpoint on WebFlux (Reactor Netty), and a WebClient with the {@link AccessTokenBearerExchangeFilter}:
 * the scenarios of {@link AbstractTokenEndpointTests}, and what is the WebClient's own: token requests off the event
 * loop, and a request body too large to be sent again.
 */
@SpringBootTest(classes = TokenEndpointApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = { TokenEndpointApplication.REACTIVE, "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
                "spiffe.security.token-endpoint.enabled=true" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReactiveTokenEndpointTests extends AbstractTokenEndpointTests {

    @Autowired
    WebClient.Builder webClients;

    @Autowired
    SpiffeWebClients spiffeWebClients;

    @Override
    protected String startedLine() {
        return "Netty started on port " + port();
    }

    @Override
    protected Client client(AccessTokens tokens, Wire wire, TrustedAuthorizationServer server) {
        AccessTokenBearerExchangeFilter filter = (server != null)
                ? new AccessTokenBearerExchangeFilter(tokens, null, server, URI.create(issuer()))
                : new AccessTokenBearerExchangeFilter(tokens, null);
        WebClient client = webClient(filter, wire);
        return (method, path, body) -> {
            WebClient.RequestBodySpec request = client.method(method).uri(path);
            if (body != null) {
                request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
            }
            return answer(request);
        };
    }

    private WebClient webClient(AccessTokenBearerExchangeFilter filter, Wire wire) {
        return this.webClients.clone()
            .apply(this.spiffeWebClients.tls(SERVICE))
            .filter(filter)
            .filter((request, next) -> {
                String bearer = wire.onTheWire(request.method(), request.url(),
                        Wire.bearerOf(request.headers().getFirst(HttpHeaders.AUTHORIZATION)));
                return next.exchange(ClientRequest.from(request).headers(headers -> {
                    headers.remove(HttpHeaders.AUTHORIZATION);
                    if (bearer != null) {
                        headers.setBearerAuth(bearer);
                    }
                }).build());
            })
            .baseUrl(issuer())
            .build();
    }

    private static Answer answer(WebClient.RequestHeadersSpec<?> request) {
        return request.exchangeToMono(response -> response.bodyToMono(String.class)
            .defaultIfEmpty("")
            .map(text -> new Answer(response.statusCode().value(), text)))
            .block(Duration.ofSeconds(30));
    }

    @Test
    void tokenRequestsRunOffTheEventLoop() {
        AtomicInteger assertions = new AtomicInteger();
        List<String> threads = new CopyOnWriteArrayList<>();
        Client client = client(tokensFromTheService(assertions, threads), new Wire(UnaryOperator.identity()), null);
        assertThat(client.get("/whoami")).isEqualTo(new Answer(200, accessTokenCaller()));
        assertThat(threads).singleElement().asString().startsWith("boundedElastic-");
    }

    @Test
    void aBodyTooLargeToBeSentAgainGetsThe401AndTheNextRequestTheToken() {
        AtomicInteger assertions = new AtomicInteger();
        Wire wire = new Wire(UnaryOperator.identity());
        Client client = client(tokensFromTheService(assertions), wire, null);
        String large = "\"" + "a".repeat(AccessTokenBearerExchangeFilter.MAX_REPLAYED_BODY_BYTES) + "\"";
        assertThat(client.send(HttpMethod.POST, "/echo", large).status()).isEqualTo(401);
        assertThat(wire.requests).containsExactly("POST /echo -", "GET /.well-known/oauth-protected-resource -");
        assertThat(assertions).as("the token obtained for the next request").hasValue(1);
        assertThat(client.send(HttpMethod.POST, "/echo", "{}")).isEqualTo(new Answer(200, accessTokenCaller() + " {}"));
        assertThat(wire.requests).hasSize(3).endsWith("POST /echo bearer");
        assertThat(assertions).hasValue(1);
    }

    @Test
    void aStreamedBodyIsSentAgainAsItWasWrittenWithTheContentTypeItsWriterChose() {
        AtomicInteger assertions = new AtomicInteger();
        Wire wire = new Wire(UnaryOperator.identity());
        WebClient client = webClient(new AccessTokenBearerExchangeFilter(tokensFromTheService(assertions), null), wire);
        // several buffers, written as they come (chunked), text/plain chosen by the encoder
        Answer answer = answer(client.post().uri("/echo").body(Flux.just("one ", "two ", "three"), String.class));
        assertThat(answer).isEqualTo(new Answer(200, accessTokenCaller() + " one two three"));
        assertThat(wire.requests).containsExactly("POST /echo -", "GET /.well-known/oauth-protected-resource -", "POST /echo bearer");
    }
}
