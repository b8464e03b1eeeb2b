package dev.spiffeboot.security.oauth2.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.spiffeboot.text.LogSafe;

/**
 * The decisions of a client that sends access tokens to a protected resource, whatever its HTTP client: which bearer
 * a request carries, which trusted authorization server a 401 challenge points to (through the resource's RFC 9728
 * metadata on the same origin), and the token that replaces a refused one. The HTTP clients do the I/O: the RestClient
 * interceptor and the WebClient filter send the requests and read the metadata, this class decides.
 */
final class AccessTokenTargets {

    private static final Log logger = LogFactory.getLog(AccessTokenTargets.class);

    private static final int MAX_WARNED = 1_000;

    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /** The largest protected resource metadata document read, in bytes. */
    static final int MAX_METADATA_BYTES = 64 * 1024;

    private final AccessTokens tokens;

    private final Supplier<String> firstBearer;

    private volatile Target target;

    /**
     * What the client learned (or was told): which server's tokens the resource takes.
     *
     * @param server the trusted authorization server
     * @param resource the resource identifier, as the resource's metadata gives it
     */
    record Target(TrustedAuthorizationServer server, URI resource) {

        Target {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(resource, "resource");
        }
    }

    /**
     * Decisions for one client.
     *
     * @param tokens the access tokens and the trusted servers
     * @param firstBearer the bearer sent while no access token is known, or {@code null}
     * @param target the target told up front, or {@code null} to learn it from the first 401
     */
    AccessTokenTargets(AccessTokens tokens, Supplier<String> firstBearer, Target target) {
        this.tokens = Objects.requireNonNull(tokens, "access tokens");
        this.firstBearer = firstBearer;
        this.target = target;
    }

    /** The access token kept for the request's resource, if any; never contacts a server. */
    String keptBearer(URI requested) {
        Target known = this.target;
        if (known == null || !ProtectedResourceMetadata.covers(known.resource(), requested)) {
            return null;
        }
        return this.tokens.kept(known.server(), known.resource()).map(AccessToken::value).orElse(null);
    }

    /**
     * The bearer a request carries: an access token (kept or new) when the known target covers it, else the first
     * bearer, or {@code null} for none. May block (a token request, the first bearer's supplier).
     */
    String bearer(URI requested) {
        Target known = this.target;
        if (known != null && ProtectedResourceMetadata.covers(known.resource(), requested)) {
            try {
                return this.tokens.token(known.server(), known.resource()).value();
            }
            catch (AccessTokenException ex) {
                logger.warn("No access token for " + known.resource() + " from " + known.server() + ": " + ex.getMessage());
            }
        }
        return (this.firstBearer != null) ? this.firstBearer.get() : null;
    }

    /**
     * The protected resource metadata URL a 401's {@code WWW-Authenticate} values name, or {@code null} when they name
     * none, or one on another origin than the request's (never followed).
     */
    URI metadataUrl(List<String> challenges, URI requested) {
        Map<String, String> bearer = WwwAuthenticate.bearerParameters(challenges);
        String metadataUrl = (bearer != null) ? bearer.get("resource_metadata") : null;
        if (metadataUrl == null) {
            return null;
        }
        URI metadataUri;
        try {
            metadataUri = new URI(metadataUrl);
        }
        catch (URISyntaxException ex) {
            warnOnce("Not following resource_metadata " + LogSafe.quote(metadataUrl) + ": not a URI");
            return null;
        }
        if (!ProtectedResourceMetadata.sameOrigin(metadataUri, requested)) {
            warnOnce("Not following resource_metadata " + LogSafe.quote(metadataUrl) + ": not on the origin of " + withoutQuery(requested));
            return null;
        }
        return metadataUri;
    }

    /**
     * The trusted authorization server and resource the metadata document names, or {@code null} when the document
     * is not about the requested resource or lists no trusted server (none is contacted).
     */
    Target trustedTarget(String metadataJson, URI metadataUrl, URI requested) {
        ProtectedResourceMetadata metadata;
        try {
            metadata = ProtectedResourceMetadata.parse(metadataJson, requested);
        }
        catch (IllegalArgumentException ex) {
            unreadableMetadata(metadataUrl, ex.getMessage());
            return null;
        }
        Optional<TrustedAuthorizationServer> server = this.tokens.firstTrusted(metadata.authorizationServers());
        if (server.isEmpty()) {
            warnOnce("No trusted authorization server for " + LogSafe.quote(metadata.resource().toString()) + " among "
                    + LogSafe.list(metadata.authorizationServers().stream().map(URI::toString).toList()) + ": none contacted");
            return null;
        }
        return new Target(server.get(), metadata.resource());
    }

    /** Says the metadata could not be read (the request's 401 is returned as it came). */
    void unreadableMetadata(URI metadataUrl, String problem) {
        warnOnce("Could not read the protected resource metadata at " + LogSafe.quote(metadataUrl.toString()) + ": " + problem);
    }

    /**
     * An access token for the target a 401 pointed to, in place of the refused bearer (forgotten if it was the token
     * kept for that target), or {@code null} when none can be obtained. The target is remembered for the next
     * requests. May block (a token request).
     */
    String renewedBearer(Target learned, String refused) {
        if (refused != null) {
            this.tokens.forget(learned.server(), learned.resource(), refused);
        }
        AccessToken token;
        try {
            token = this.tokens.token(learned.server(), learned.resource());
        }
        catch (AccessTokenException ex) {
            logger.warn("No access token for " + learned.resource() + " from " + learned.server() + ": " + ex.getMessage());
            return null;
        }
        this.target = learned;
        return token.value();
    }

    /**
     * Logs a refusal the resource's answers cause: at WARN the first time (a setting to correct), then at DEBUG, so a
     * resource answering every request so cannot fill the log. At most {@link #MAX_WARNED} distinct messages are
     * remembered; later ones stay at DEBUG.
     */
    private static void warnOnce(String message) {
        if (WARNED.size() < MAX_WARNED && WARNED.add(message)) {
            logger.warn(message + " (logged once; later at DEBUG)");
        }
        else if (logger.isDebugEnabled()) {
            logger.debug(message);
        }
    }

    /** The URL to name in a log: its query may carry what is not to be logged. */
    static String withoutQuery(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority() + ((url.getRawPath() != null) ? url.getRawPath() : "");
    }
}
