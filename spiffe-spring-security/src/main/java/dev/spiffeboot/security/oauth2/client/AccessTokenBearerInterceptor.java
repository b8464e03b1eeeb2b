package dev.spiffeboot.security.oauth2.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends access tokens to a protected resource, and gets them when the resource asks (RFC 9728): a request goes out
 * with the access token kept for the resource, else with the first bearer (this workload's client ID JWT, when
 * given); when the resource answers 401 with a {@code WWW-Authenticate: Bearer} challenge naming its
 * {@code resource_metadata}, the metadata is read from the same origin, the first authorization server it lists that
 * is {@link AccessTokens trusted} issues a token for the resource, and the request is sent again, once. An untrusted
 * authorization server is never contacted: the 401 is returned as it came.
 */
public class AccessTokenBearerInterceptor implements ClientHttpRequestInterceptor {

    private static final Log logger = LogFactory.getLog(AccessTokenBearerInterceptor.class);

    private static final int MAX_METADATA_BYTES = 64 * 1024;

    private final AccessTokens tokens;

    private final Supplier<String> firstBearer;

    private volatile Target target;

    /** What this client learned (or was told): which server's tokens the resource takes. */
    private record Target(TrustedAuthorizationServer server, URI resource) {
    }

    /**
     * An interceptor that learns the resource's authorization server from its first 401.
     *
     * @param tokens the access tokens and the trusted servers
     * @param firstBearer the bearer sent while no access token is known (e.g. a client ID JWT), or {@code null}
     */
    public AccessTokenBearerInterceptor(AccessTokens tokens, Supplier<String> firstBearer) {
        this.tokens = Objects.requireNonNull(tokens, "access tokens");
        this.firstBearer = firstBearer;
    }

    /**
     * An interceptor told the resource's authorization server up front: the first request already carries an access
     * token (and the first bearer is only sent when no token can be obtained).
     */
    public AccessTokenBearerInterceptor(AccessTokens tokens, Supplier<String> firstBearer, TrustedAuthorizationServer server,
            URI resource) {
        this(tokens, firstBearer);
        this.target = new Target(Objects.requireNonNull(server, "server"), Objects.requireNonNull(resource, "resource"));
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution) throws IOException {
        if (request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
            return execution.execute(request, body);
        }
        Target known = this.target;
        String sent = bearerFor(request, known);
        if (sent != null) {
            request.getHeaders().setBearerAuth(sent);
        }
        ClientHttpResponse response = execution.execute(request, body);
        if (response.getStatusCode().value() != HttpStatus.UNAUTHORIZED.value()) {
            return response;
        }
        Target learned = learn(request, response, execution);
        if (learned == null) {
            return response;
        }
        if (known != null && known.equals(learned) && sent != null) {
            this.tokens.forget(learned.server(), learned.resource(), sent);
        }
        AccessToken token;
        try {
            token = this.tokens.token(learned.server(), learned.resource());
        }
        catch (AccessTokenException ex) {
            logger.warn("No access token for " + learned.resource() + " from " + learned.server() + ": " + ex.getMessage());
            return response;
        }
        this.target = learned;
        response.close();
        request.getHeaders().setBearerAuth(token.value());
        return execution.execute(request, body);
    }

    private String bearerFor(HttpRequest request, Target known) {
        if (known != null && ProtectedResourceMetadata.covers(known.resource(), request.getURI())) {
            try {
                return this.tokens.token(known.server(), known.resource()).value();
            }
            catch (AccessTokenException ex) {
                logger.warn("No access token for " + known.resource() + " from " + known.server() + ": " + ex.getMessage());
            }
        }
        return (this.firstBearer != null) ? this.firstBearer.get() : null;
    }

    /** The trusted server and resource a 401 points to, or {@code null} when it points to none. */
    private Target learn(HttpRequest request, ClientHttpResponse unauthorized, ClientHttpRequestExecution execution) {
        Map<String, String> challenge = WwwAuthenticate.bearerParameters(unauthorized.getHeaders().getOrEmpty(HttpHeaders.WWW_AUTHENTICATE));
        String metadataUrl = (challenge != null) ? challenge.get("resource_metadata") : null;
        if (metadataUrl == null) {
            return null;
        }
        try {
            URI metadataUri = new URI(metadataUrl);
            if (!ProtectedResourceMetadata.sameOrigin(metadataUri, request.getURI())) {
                logger.warn("Not following resource_metadata " + metadataUrl + ": not on the origin of " + request.getURI());
                return null;
            }
            ProtectedResourceMetadata metadata = ProtectedResourceMetadata.parse(fetch(metadataUri, execution), request.getURI());
            Optional<TrustedAuthorizationServer> server = this.tokens.firstTrusted(metadata.authorizationServers());
            if (server.isEmpty()) {
                logger.warn("No trusted authorization server for " + metadata.resource() + " among " + metadata.authorizationServers()
                        + ": none contacted");
                return null;
            }
            return new Target(server.get(), metadata.resource());
        }
        catch (URISyntaxException | IllegalArgumentException | IOException ex) {
            logger.warn("Could not read the protected resource metadata at " + metadataUrl + ": " + ex.getMessage());
            return null;
        }
    }

    /** The metadata, fetched through the same client (its TLS, its connections), without credentials. */
    private static String fetch(URI metadataUri, ClientHttpRequestExecution execution) throws IOException {
        try (ClientHttpResponse response = execution.execute(new MetadataRequest(metadataUri), new byte[0])) {
            if (response.getStatusCode().value() != 200) {
                throw new IOException("HTTP status " + response.getStatusCode().value());
            }
            byte[] body = response.getBody().readNBytes(MAX_METADATA_BYTES + 1);
            if (body.length > MAX_METADATA_BYTES) {
                throw new IOException("larger than " + MAX_METADATA_BYTES + " bytes");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A GET of the metadata, without the original request's headers. */
    private static final class MetadataRequest implements HttpRequest {

        private final URI uri;

        private final HttpHeaders headers = new HttpHeaders();

        private final Map<String, Object> attributes = new HashMap<>();

        MetadataRequest(URI uri) {
            this.uri = uri;
            this.headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        }

        @Override
        public HttpMethod getMethod() {
            return HttpMethod.GET;
        }

        @Override
        public URI getURI() {
            return this.uri;
        }

        @Override
        public HttpHeaders getHeaders() {
            return this.headers;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return this.attributes;
        }
    }
}
