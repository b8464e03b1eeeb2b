package dev.spiffeboot.security.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.UrlUtils;

import dev.spiffeboot.security.authentication.BearerChallenge;
import dev.spiffeboot.security.authentication.BearerTokenRejectionListener;
import dev.spiffeboot.security.authorization.Refusals;
import dev.spiffeboot.security.resource.ProtectedResource;

/**
 * Answers requests without a usable identity: 401 with {@code WWW-Authenticate: Bearer} and, for a refused token,
 * {@code error} and {@code error_description} (RFC 6750), and a short {@code application/problem+json} body with the
 * same reason (or 503 when a token cannot be checked now). Given the {@link ProtectedResource} this service is, a 401's
 * challenge also carries {@code resource_metadata} with the URL of its RFC 9728 metadata. Refused tokens are logged
 * with their reason, never with the token.
 */
public final class SpiffeAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private static final Log logger = LogFactory.getLog(SpiffeAuthenticationEntryPoint.class);

    private final List<BearerTokenRejectionListener> listeners;

    private final ProtectedResource protectedResource;

    /** An entry point that tells nobody about refused tokens. */
    public SpiffeAuthenticationEntryPoint() {
        this(List.of());
    }

    /** An entry point that tells the listeners about every refused token (e.g. to count refusals). */
    public SpiffeAuthenticationEntryPoint(List<? extends BearerTokenRejectionListener> listeners) {
        this(listeners, null);
    }

    /**
     * An entry point that tells the listeners about every refused token and points 401s to the resource's metadata.
     *
     * @param protectedResource what the service publishes as an OAuth 2.0 protected resource, or {@code null} for
     * challenges without {@code resource_metadata}
     */
    public SpiffeAuthenticationEntryPoint(List<? extends BearerTokenRejectionListener> listeners,
            ProtectedResource protectedResource) {
        this.listeners = List.copyOf(listeners);
        this.protectedResource = protectedResource;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        BearerChallenge challenge = BearerChallenge.of(failure);
        if (this.protectedResource != null) {
            challenge = challenge.withResourceMetadata(this.protectedResource.metadataUrl(UrlUtils.buildFullRequestUrl(request),
                    request.getContextPath()));
        }
        BearerChallenge.report(logger, failure, this.listeners);
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, challenge.header());
        response.setStatus(challenge.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Refusals.unauthenticated(challenge.status().value(),
                challenge.status().getReasonPhrase(), challenge.description(), request.getRequestURI()));
    }
}
