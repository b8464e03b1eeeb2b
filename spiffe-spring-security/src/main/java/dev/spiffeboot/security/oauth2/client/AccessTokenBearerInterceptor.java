package dev.spiffeboot.security.oauth2.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import dev.spiffeboot.security.oauth2.client.AccessTokenTargets.Target;

/**
 * Sends access tokens to a protected resource, and gets them when the resource asks (RFC 9728): a request goes out
 * with the access token kept for the resource, else with the first bearer (this workload's client ID JWT, when
 * given); when the resource answers 401 with a {@code WWW-Authenticate: Bearer} challenge naming its
 * {@code resource_metadata}, the metadata is read from the same origin, the first authorization server it lists that
 * is {@link AccessTokens trusted} issues a token for the resource, and the request is sent again, once. An untrusted
 * authorization server is never contacted: the 401 is returned as it came. A token the resource refuses later (it
 * expired early, its signing key rotated out) is forgotten and replaced the same way. See
 * {@link AccessTokenBearerExchangeFilter} for WebClient.
 */
public class AccessTokenBearerInterceptor implements ClientHttpRequestInterceptor {

    private final AccessTokenTargets targets;

    /**
     * An interceptor that learns the resource's authorization server from its first 401.
     *
     * @param tokens the access tokens and the trusted servers
     * @param firstBearer the bearer sent while no access token is known (e.g. a client ID JWT), or {@code null}
     */
    public AccessTokenBearerInterceptor(AccessTokens tokens, Supplier<String> firstBearer) {
        this.targets = new AccessTokenTargets(tokens, firstBearer, null);
    }

    /**
     * An interceptor told the resource's authorization server up front: the first request already carries an access
     * token (and the first bearer is only sent when no token can be obtained).
     */
    public AccessTokenBearerInterceptor(AccessTokens tokens, Supplier<String> firstBearer, TrustedAuthorizationServer server,
            URI resource) {
        this.targets = new AccessTokenTargets(tokens, firstBearer,
                new Target(Objects.requireNonNull(server, "server"), Objects.requireNonNull(resource, "resource")));
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution) throws IOException {
        if (request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
            return execution.execute(request, body);
        }
        String sent = this.targets.bearer(request.getURI());
        if (sent != null) {
            request.getHeaders().setBearerAuth(sent);
        }
        ClientHttpResponse response = execution.execute(request, body);
        if (response.getStatusCode().value() != HttpStatus.UNAUTHORIZED.value()) {
            return response;
        }
        Target learned = learn(request.getURI(), response, execution);
        String renewed = (learned != null) ? this.targets.renewedBearer(learned, sent) : null;
        if (renewed == null) {
            return response;
        }
        response.close();
        request.getHeaders().setBearerAuth(renewed);
        return execution.execute(request, body);
    }

    /** The trusted server and resource a 401 points to, or {@code null} when it points to none. */
    private Target learn(URI requested, ClientHttpResponse unauthorized, ClientHttpRequestExecution execution) {
        URI metadataUrl = this.targets.metadataUrl(unauthorized.getHeaders().getOrEmpty(HttpHeaders.WWW_AUTHENTICATE), requested);
        if (metadataUrl == null) {
            return null;
        }
        String metadata;
        try {
            metadata = fetch(metadataUrl, execution);
        }
        catch (IOException ex) {
            this.targets.unreadableMetadata(metadataUrl, ex.getMessage());
            return null;
        }
        return this.targets.trustedTarget(metadata, metadataUrl, requested);
    }

    /** The metadata, fetched through the same client (its TLS, its connections), without credentials. */
    private static String fetch(URI metadataUrl, ClientHttpRequestExecution execution) throws IOException {
        try (ClientHttpResponse response = execution.execute(new MetadataRequest(metadataUrl), new byte[0])) {
            if (response.getStatusCode().value() != 200) {
                throw new IOException("HTTP status " + response.getStatusCode().value());
            }
            byte[] body = response.getBody().readNBytes(AccessTokenTargets.MAX_METADATA_BYTES + 1);
            if (body.length > AccessTokenTargets.MAX_METADATA_BYTES) {
                throw new IOException("larger than " + AccessTokenTargets.MAX_METADATA_BYTES + " bytes");
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
