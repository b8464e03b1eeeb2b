package dev.spiffeboot.security.oauth2.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import dev.spiffeboot.security.oauth2.client.AccessTokenTargets.Target;

/**
 * The WebClient twin of {@link AccessTokenBearerInterceptor}: a request goes out with the access token kept for the
 * resource, else with the first bearer; a 401 whose {@code WWW-Authenticate: Bearer} challenge names the resource's
 * {@code resource_metadata} (same origin only) leads to the first {@link AccessTokens trusted} authorization server
 * the metadata lists, a token for the resource, and the request sent again, once; an untrusted server is never
 * contacted and the 401 is returned as it came.
 * <p>
 * The event loop is never blocked: a request with a kept token goes out at once; token requests and the first
 * bearer's supplier run on {@link Schedulers#boundedElastic()}, and a subscriber that cancels does not cancel a
 * token request other requests may be waiting for. The metadata is read through the same exchange function (the
 * client's TLS and connections) without the request's headers, at most 64 KiB.
 * <p>
 * A WebClient request body is a publisher that may not be replayed, so the bytes written are kept while the answer
 * is awaited and sent again as they were. A request whose body is larger than {@value #MAX_REPLAYED_BODY_BYTES}
 * bytes, streamed with flushes, or not completely written when the 401 came, is not sent again: the 401 is returned,
 * and the token obtained goes with the next request.
 */
public class AccessTokenBearerExchangeFilter implements ExchangeFilterFunction {

    /** The largest request body sent again after a 401, in bytes (Spring's default in-memory codec limit). */
    public static final int MAX_REPLAYED_BODY_BYTES = 256 * 1024;

    private static final Log logger = LogFactory.getLog(AccessTokenBearerExchangeFilter.class);

    /** Runs blocking work (token requests) off the event loop. */
    private static final Executor BLOCKING = task -> Schedulers.boundedElastic().schedule(task);

    private final AccessTokenTargets targets;

    /**
     * A filter that learns the resource's authorization server from its first 401.
     *
     * @param tokens the access tokens and the trusted servers
     * @param firstBearer the bearer sent while no access token is known (e.g. a client ID JWT), or {@code null}; it
     * is called off the event loop
     */
    public AccessTokenBearerExchangeFilter(AccessTokens tokens, Supplier<String> firstBearer) {
        this.targets = new AccessTokenTargets(tokens, firstBearer, null);
    }

    /**
     * A filter told the resource's authorization server up front: the first request already carries an access token
     * (and the first bearer is only sent when no token can be obtained).
     */
    public AccessTokenBearerExchangeFilter(AccessTokens tokens, Supplier<String> firstBearer, TrustedAuthorizationServer server,
            URI resource) {
        this.targets = new AccessTokenTargets(tokens, firstBearer,
                new Target(Objects.requireNonNull(server, "server"), Objects.requireNonNull(resource, "resource")));
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        if (request.headers().containsHeader(HttpHeaders.AUTHORIZATION)) {
            return next.exchange(request);
        }
        return Mono.defer(() -> {
            URI url = request.url();
            String kept = this.targets.keptBearer(url);
            Mono<Optional<String>> bearer = (kept != null) ? Mono.just(Optional.of(kept))
                    : offEventLoop(() -> Optional.ofNullable(this.targets.bearer(url)));
            return bearer.flatMap(sent -> send(request, sent.orElse(null), next));
        });
    }

    private Mono<ClientResponse> send(ClientRequest request, String sent, ExchangeFunction next) {
        RecordedRequestBody body = new RecordedRequestBody(MAX_REPLAYED_BODY_BYTES);
        ClientRequest first = body.recording((sent != null) ? withBearer(request, sent) : request);
        return next.exchange(first).flatMap(response -> (response.statusCode().value() != HttpStatus.UNAUTHORIZED.value())
                ? Mono.just(response) : challenged(request, sent, body, response, next));
    }

    /** What a 401 leads to: the request sent again with a new token, or the 401 as it came. */
    private Mono<ClientResponse> challenged(ClientRequest request, String sent, RecordedRequestBody body, ClientResponse unauthorized,
            ExchangeFunction next) {
        // the 401 is either released (sent again, or the subscriber cancelled) or handed over, once
        AtomicBoolean settled = new AtomicBoolean();
        return learn(request.url(), unauthorized, next)
            .flatMap(learned -> offEventLoop(() -> this.targets.renewedBearer(learned, sent)))
            .doOnCancel(() -> {
                if (settled.compareAndSet(false, true)) {
                    unauthorized.releaseBody().subscribe(null, ex -> { });
                }
            })
            .flatMap(renewed -> {
                ClientRequest again = body.replay(request, headers -> headers.setBearerAuth(renewed));
                if (again == null) {
                    logger.warn("Not sending " + request.method() + " " + AccessTokenTargets.withoutQuery(request.url())
                            + " again with an access token: its body is streamed, larger than " + MAX_REPLAYED_BODY_BYTES
                            + " bytes or was not completely sent; the next request carries the token");
                    return Mono.<ClientResponse>empty();
                }
                if (!settled.compareAndSet(false, true)) {
                    return Mono.<ClientResponse>empty();
                }
                return unauthorized.releaseBody().then(next.exchange(again));
            })
            .switchIfEmpty(Mono.fromSupplier(() -> settled.compareAndSet(false, true) ? unauthorized : null));
    }

    /** The trusted server and resource a 401 points to; empty when it points to none. */
    private Mono<Target> learn(URI requested, ClientResponse unauthorized, ExchangeFunction next) {
        URI metadataUrl = this.targets.metadataUrl(unauthorized.headers().header(HttpHeaders.WWW_AUTHENTICATE), requested);
        if (metadataUrl == null) {
            return Mono.empty();
        }
        ClientRequest get = ClientRequest.create(HttpMethod.GET, metadataUrl).header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
            .build();
        return next.exchange(get)
            .flatMap(AccessTokenBearerExchangeFilter::read)
            .mapNotNull(metadata -> this.targets.trustedTarget(metadata, metadataUrl, requested))
            .onErrorResume(ex -> {
                this.targets.unreadableMetadata(metadataUrl, ex.getMessage());
                return Mono.empty();
            });
    }

    private static Mono<String> read(ClientResponse response) {
        if (response.statusCode().value() != 200) {
            return response.releaseBody().then(Mono.error(new IOException("HTTP status " + response.statusCode().value())));
        }
        return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), AccessTokenTargets.MAX_METADATA_BYTES)
            .map(AccessTokenBearerExchangeFilter::text)
            .defaultIfEmpty("")
            .onErrorMap(DataBufferLimitException.class,
                    ex -> new IOException("larger than " + AccessTokenTargets.MAX_METADATA_BYTES + " bytes"));
    }

    private static String text(DataBuffer buffer) {
        try {
            return buffer.toString(StandardCharsets.UTF_8);
        }
        finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static ClientRequest withBearer(ClientRequest request, String bearer) {
        return ClientRequest.from(request).headers(headers -> headers.setBearerAuth(bearer)).build();
    }

    /**
     * Blocking work on {@link Schedulers#boundedElastic()}, empty when it gives {@code null}; cancelling the result
     * does not interrupt the work (a token request is shared by the requests waiting for it).
     */
    private static <T> Mono<T> offEventLoop(Supplier<T> work) {
        return Mono.fromFuture(() -> CompletableFuture.supplyAsync(work, BLOCKING), true);
    }
}
