package dev.spiffeboot.security.jwt;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * An issuer's signing keys, fetched from its JWK Set URI on first use, fetched again when they are older than the
 * refresh interval, and fetched at once when a token names a key ({@code kid}) the set does not have, at most once
 * per {@code minimumRefetchInterval} so that tokens with made-up key IDs cannot make this service flood the issuer.
 * When a fetch fails the keys fetched before stay in use.
 */
final class RemoteJwkSet implements JWKSource<SecurityContext> {

    private static final Log logger = LogFactory.getLog(RemoteJwkSet.class);

    private static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

    private final URI uri;

    private final HttpClient http;

    private final Clock clock;

    private final Duration refreshInterval;

    private final Duration minimumRefetchInterval;

    private volatile Snapshot snapshot;

    private Instant lastAttempt = Instant.MIN;

    RemoteJwkSet(URI uri, HttpClient http, Clock clock, Duration refreshInterval, Duration minimumRefetchInterval) {
        this.uri = uri;
        this.http = http;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
        this.minimumRefetchInterval = minimumRefetchInterval;
    }

    private record Snapshot(JWKSet keys, Instant fetchedAt) {
    }

    /** The keys in use now (no fetch), or {@code null} before the first successful fetch. */
    JWKSet current() {
        Snapshot current = this.snapshot;
        return (current != null) ? current.keys() : null;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws RemoteKeySourceException {
        Snapshot current = this.snapshot;
        if (current == null || this.clock.instant().isAfter(current.fetchedAt().plus(this.refreshInterval))) {
            current = refresh(current);
        }
        List<JWK> keys = selector.select(current.keys());
        if (keys.isEmpty() && selector.getMatcher().getKeyIDs() != null && !selector.getMatcher().getKeyIDs().isEmpty()) {
            Snapshot refreshed = refresh(current);
            if (refreshed != current) {
                keys = selector.select(refreshed.keys());
            }
        }
        return keys;
    }

    private synchronized Snapshot refresh(Snapshot seen) throws RemoteKeySourceException {
        if (this.snapshot != seen) {
            return this.snapshot;
        }
        Instant now = this.clock.instant();
        if (seen != null && now.isBefore(this.lastAttempt.plus(this.minimumRefetchInterval))) {
            return seen;
        }
        this.lastAttempt = now;
        try {
            this.snapshot = new Snapshot(fetch(), now);
            return this.snapshot;
        }
        catch (IOException | ParseException ex) {
            String problem = "could not fetch the JWK Set from " + this.uri + ": " + ex.getMessage();
            if (seen == null) {
                throw new RemoteKeySourceException(problem, ex);
            }
            logger.warn(problem + "; keeping the keys fetched at " + seen.fetchedAt());
            return seen;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RemoteKeySourceException("interrupted while fetching the JWK Set from " + this.uri, ex);
        }
    }

    private JWKSet fetch() throws IOException, InterruptedException, ParseException {
        HttpRequest request = HttpRequest.newBuilder(this.uri).timeout(FETCH_TIMEOUT).header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            byte[] document = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (document.length > MAX_DOCUMENT_BYTES) {
                throw new IOException("the document is larger than " + MAX_DOCUMENT_BYTES + " bytes");
            }
            return JWKSet.parse(new String(document, StandardCharsets.UTF_8));
        }
    }
}
