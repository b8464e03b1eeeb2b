package dev.spiffeboot.security.oauth2.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.spiffeboot.text.LogSafe;

/**
 * Access tokens of this workload for protected resources, from the {@link TrustedAuthorizationServer trusted
 * authorization servers} only: a {@code client_credentials} request with the server's client assertion and the
 * resource as RFC 8707 {@code resource}, the token kept until shortly before it expires. Concurrent requests for the
 * same resource share one token request. The server's token endpoint is discovered from its RFC 8414 metadata once,
 * unless configured.
 */
public final class AccessTokens {

    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Map<URI, TrustedAuthorizationServer> servers;

    private final Duration refreshMargin;

    private final Clock clock;

    private final Map<Key, CompletableFuture<AccessToken>> tokens = new ConcurrentHashMap<>();

    private final Map<URI, URI> tokenEndpoints = new ConcurrentHashMap<>();

    private record Key(URI issuer, URI resource) {
    }

    /**
     * Tokens from these servers.
     *
     * @param servers the trusted authorization servers
     * @param refreshMargin how long before its expiry a token is replaced
     * @param clock the clock
     */
    public AccessTokens(List<TrustedAuthorizationServer> servers, Duration refreshMargin, Clock clock) {
        this.servers = servers.stream().collect(Collectors.toMap(TrustedAuthorizationServer::issuer, s -> s, (a, b) -> a, LinkedHashMap::new));
        this.refreshMargin = Objects.requireNonNull(refreshMargin, "refresh margin");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The first of the offered authorization servers that is trusted, if any. */
    public Optional<TrustedAuthorizationServer> firstTrusted(List<URI> offered) {
        return offered.stream().map(this.servers::get).filter(Objects::nonNull).findFirst();
    }

    /**
     * A token for the resource: the one kept, or a new one.
     *
     * @throws AccessTokenException if the server does not issue one or cannot be reached
     */
    public AccessToken token(TrustedAuthorizationServer server, URI resource) {
        // the usual case, on every request: the kept token, without a pending request made and thrown away
        Optional<AccessToken> usable = kept(server, resource);
        if (usable.isPresent()) {
            return usable.get();
        }
        Key key = new Key(server.issuer(), resource);
        while (true) {
            CompletableFuture<AccessToken> pending = new CompletableFuture<>();
            CompletableFuture<AccessToken> existing = this.tokens.putIfAbsent(key, pending);
            if (existing == null) {
                try {
                    pending.complete(request(server, resource));
                }
                catch (RuntimeException ex) {
                    this.tokens.remove(key, pending);
                    pending.completeExceptionally(ex);
                }
                catch (Error ex) {
                    // the requests waiting for this one must not wait forever
                    this.tokens.remove(key, pending);
                    pending.completeExceptionally(ex);
                    throw ex;
                }
                return join(pending);
            }
            if (!existing.isDone() || existing.isCompletedExceptionally()) {
                // a failed request is removed before it completes: seen here, it failed just now, for this caller too
                return join(existing);
            }
            AccessToken kept = existing.getNow(null);
            if (kept != null && !kept.expiresWithin(this.refreshMargin, this.clock.instant())) {
                return kept;
            }
            this.tokens.remove(key, existing);
        }
    }

    /** The token kept for the resource and still usable, without asking for one. */
    public Optional<AccessToken> kept(TrustedAuthorizationServer server, URI resource) {
        CompletableFuture<AccessToken> kept = this.tokens.get(new Key(server.issuer(), resource));
        AccessToken token = (kept != null && kept.isDone() && !kept.isCompletedExceptionally()) ? kept.getNow(null) : null;
        return (token != null && !token.expiresWithin(this.refreshMargin, this.clock.instant())) ? Optional.of(token) : Optional.empty();
    }

    /** Forgets the token if it is the one kept for the resource (the resource refused it). */
    public void forget(TrustedAuthorizationServer server, URI resource, String refused) {
        Key key = new Key(server.issuer(), resource);
        CompletableFuture<AccessToken> kept = this.tokens.get(key);
        if (kept != null && kept.isDone() && !kept.isCompletedExceptionally() && kept.getNow(null).value().equals(refused)) {
            this.tokens.remove(key, kept);
        }
    }

    private static AccessToken join(CompletableFuture<AccessToken> future) {
        try {
            return future.get();
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AccessTokenException(ex.getCause().getMessage(), ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AccessTokenException("interrupted while waiting for an access token", ex);
        }
    }

    private AccessToken request(TrustedAuthorizationServer server, URI resource) {
        URI endpoint = tokenEndpoint(server);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.putAll(server.assertion().parameters(server.issuer()));
        form.put("resource", resource.toString());
        String body = form.entrySet().stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
        Response response = send(server, request);
        if (response.status() != 200) {
            throw new AccessTokenException("the token endpoint of " + server.issuer() + " answered " + response.status()
                    + oauthError(response.body()));
        }
        try {
            return AccessToken.parse(response.body(), this.clock.instant());
        }
        catch (IllegalArgumentException ex) {
            throw new AccessTokenException("the token endpoint of " + server.issuer() + ": " + ex.getMessage(), ex);
        }
    }

    private URI tokenEndpoint(TrustedAuthorizationServer server) {
        if (server.tokenEndpoint() != null) {
            return server.tokenEndpoint();
        }
        URI known = this.tokenEndpoints.get(server.issuer());
        if (known != null) {
            return known;
        }
        URI metadataUrl = AuthorizationServerMetadata.metadataUrl(server.issuer());
        HttpRequest request = HttpRequest.newBuilder(metadataUrl).timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build();
        Response response = send(server, request);
        if (response.status() != 200) {
            throw new AccessTokenException("the metadata of authorization server " + server.issuer() + " (" + metadataUrl
                    + ") answered " + response.status());
        }
        try {
            URI endpoint = AuthorizationServerMetadata.parse(response.body(), server.issuer()).tokenEndpoint();
            this.tokenEndpoints.put(server.issuer(), endpoint);
            return endpoint;
        }
        catch (IllegalArgumentException ex) {
            throw new AccessTokenException(ex.getMessage(), ex);
        }
    }

    private record Response(int status, String body) {
    }

    private static Response send(TrustedAuthorizationServer server, HttpRequest request) {
        try {
            HttpResponse<InputStream> response = server.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (body.length > MAX_RESPONSE_BYTES) {
                    throw new AccessTokenException(request.uri() + " answered more than " + MAX_RESPONSE_BYTES + " bytes");
                }
                return new Response(response.statusCode(), new String(body, StandardCharsets.UTF_8));
            }
        }
        catch (IOException ex) {
            throw new AccessTokenException("authorization server " + server.issuer() + " could not be reached at "
                    + request.uri() + ": " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AccessTokenException("interrupted while calling " + request.uri(), ex);
        }
    }

    private static String oauthError(String body) {
        try {
            Map<String, Object> error = JSONObjectUtils.parse(body);
            String code = (error.get("error") instanceof String text) ? text : null;
            String description = (error.get("error_description") instanceof String text) ? text : null;
            if (code == null) {
                return "";
            }
            return ": " + LogSafe.quote(code) + ((description != null) ? " (" + LogSafe.quote(description) + ")" : "");
        }
        catch (java.text.ParseException ex) {
            return "";
        }
    }
}
