package dev.spiffeboot.autoconfigure.jwt;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

import dev.spiffeboot.security.clientmetadata.AllowedIssuers;
import dev.spiffeboot.security.clientmetadata.ClientMetadataFetcher;

/**
 * How client ID metadata documents and their JWK Sets are fetched and cached, for the resource server's client ID
 * metadata issuers ({@code spiffe.jwt.client-metadata}) and the authorization server's clients
 * ({@code spiffe.authorization-server.client-metadata}) alike; and the checks of those settings that stop the
 * start-up (a {@code ClientMetadataSettingsException} naming the property) rather than fetch other than configured.
 */
public abstract class ClientMetadataFetchProperties {

    private static final String APACHE_HTTP_CLIENT = "org.apache.hc.client5.http.impl.classic.HttpClientBuilder";

    private final String prefix;

    private final String allowList;

    private final String accepted;

    /**
     * Whom to trust when fetching documents and keys over https: SYSTEM (the JDK's trust store, host names
     * verified) or SPIFFE (this workload's SPIFFE mTLS, for documents served by workloads of the trust domain).
     */
    private Trust trust = Trust.SYSTEM;

    /**
     * Whether documents may be fetched from loopback addresses, and over plain http from loopback hosts. For tests
     * and development only.
     */
    private boolean allowLoopback;

    /**
     * Whether documents may be fetched from private addresses (RFC 1918, CGNAT, IPv6 unique-local), for documents
     * served inside your own network. Link-local and other special-use addresses stay refused.
     */
    private boolean allowPrivateAddresses;

    /**
     * Largest client ID metadata document read.
     */
    private DataSize maxDocumentSize = DataSize.ofKilobytes(16);

    /**
     * Largest JWK Set read (at a document's jwks_uri).
     */
    private DataSize maxJwkSetSize = DataSize.ofKilobytes(64);

    /**
     * Longest time to connect to a document's server.
     */
    private Duration connectTimeout = Duration.ofSeconds(2);

    /**
     * Longest time for a whole fetch; the request is aborted after it.
     */
    private Duration fetchTimeout = Duration.ofSeconds(5);

    /**
     * Most documents cached, and most JWK Sets; the least recently used is dropped first.
     */
    private int cacheSize = 1000;

    /**
     * Shortest time a fetched document or JWK Set is reused (also for 'Cache-Control: no-store').
     */
    private Duration minCacheLifetime = Duration.ofMinutes(1);

    /**
     * Longest time a fetched document or JWK Set is reused, whatever its 'Cache-Control: max-age' says.
     */
    private Duration maxCacheLifetime = Duration.ofHours(24);

    /**
     * How often at most a client's keys are fetched again because a token names a key ('kid') they lack.
     */
    private Duration minRefetchInterval = Duration.ofSeconds(30);

    /**
     * The settings of one feature.
     *
     * @param prefix the feature's property prefix, with its trailing dot
     * @param allowList the name of its allow-list property, under the prefix
     * @param accepted what the allow-list accepts, for "accept no ..."
     */
    protected ClientMetadataFetchProperties(String prefix, String allowList, String accepted) {
        this.prefix = prefix;
        this.allowList = allowList;
        this.accepted = accepted;
    }

    /**
     * The allow-list of the patterns.
     *
     * @throws IllegalStateException naming the pattern that is wrong (stops the start-up with a failure analysis)
     */
    public AllowedIssuers allowList(List<String> patterns) {
        try {
            return AllowedIssuers.of(patterns, this.allowLoopback);
        }
        catch (IllegalArgumentException ex) {
            // the message is "[index] pattern: problem"
            int end = ex.getMessage().indexOf(']') + 1;
            throw settingsException(this.prefix + this.allowList + ex.getMessage().substring(0, end),
                    ex.getMessage().substring(end).trim(), "List client ID URLs (https, with a path, no query nor fragment), "
                            + "exactly or as a path prefix ending in '/*'; plain http only for loopback hosts with "
                            + this.prefix + "allow-loopback=true.");
        }
    }

    /**
     * The fetcher these settings describe.
     *
     * @param classLoader where Apache HttpClient, which the fetcher runs on, must be
     * @param spiffeSslContext this workload's SPIFFE mTLS, or {@code null} when it has no X509-SVID
     * @throws IllegalStateException when Apache HttpClient is missing, or SPIFFE trust has no X509-SVID (stops the
     * start-up with a failure analysis)
     */
    public ClientMetadataFetcher buildFetcher(ClassLoader classLoader, Supplier<SSLContext> spiffeSslContext) {
        String allowListProperty = this.prefix + this.allowList;
        if (!ClassUtils.isPresent(APACHE_HTTP_CLIENT, classLoader)) {
            throw settingsException(allowListProperty, "is set, but the documents are fetched with Apache HttpClient, "
                    + "which is not on the class path", "Add the dependency org.apache.httpcomponents.client5:httpclient5 (its "
                            + "version is managed by Spring Boot), or remove " + allowListProperty + ".");
        }
        ClientMetadataFetcher.Builder fetcher = ClientMetadataFetcher.builder()
            .allowLoopback(this.allowLoopback)
            .allowPrivateAddresses(this.allowPrivateAddresses)
            .timeouts(this.connectTimeout, this.fetchTimeout);
        if (this.trust == Trust.SPIFFE) {
            SSLContext spiffe = spiffeSslContext.get();
            if (spiffe == null) {
                throw settingsException(this.prefix + "trust", "is SPIFFE, but this workload has no X509-SVID to fetch "
                        + "documents with (no SPIFFE SSL context)", "Let the workload get an X509-SVID from the Workload API "
                                + "(spiffe.workload-api.address, spiffe.workload-api.fetch-x509-svid=true), or set "
                                + this.prefix + "trust=SYSTEM for documents served with WebPKI certificates.");
            }
            // SPIFFE peers are identified by SPIFFE ID, not by host name
            fetcher.tls(spiffe, false);
        }
        return fetcher.build();
    }

    /**
     * Checks the bounds of the cache lifetime.
     *
     * @throws IllegalStateException when the minimum is longer than the maximum (stops the start-up with a failure
     * analysis)
     */
    public void checkCacheLifetimes() {
        if (this.minCacheLifetime.compareTo(this.maxCacheLifetime) > 0) {
            throw settingsException(this.prefix + "min-cache-lifetime", "(" + this.minCacheLifetime + ") is longer than "
                    + this.prefix + "max-cache-lifetime (" + this.maxCacheLifetime + ")", "Set the minimum at most the maximum.");
        }
    }

    /** A refused setting of this feature: the property, what is wrong with it, and what to do. */
    ClientMetadataSettingsException settingsException(String property, String problem, String action) {
        return new ClientMetadataSettingsException(property, problem, action, this.prefix + this.allowList, this.accepted);
    }

    public Trust getTrust() {
        return this.trust;
    }

    public void setTrust(Trust trust) {
        this.trust = trust;
    }

    public boolean isAllowLoopback() {
        return this.allowLoopback;
    }

    public void setAllowLoopback(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    public boolean isAllowPrivateAddresses() {
        return this.allowPrivateAddresses;
    }

    public void setAllowPrivateAddresses(boolean allowPrivateAddresses) {
        this.allowPrivateAddresses = allowPrivateAddresses;
    }

    public DataSize getMaxDocumentSize() {
        return this.maxDocumentSize;
    }

    public void setMaxDocumentSize(DataSize maxDocumentSize) {
        this.maxDocumentSize = size(maxDocumentSize, "max document size");
    }

    public DataSize getMaxJwkSetSize() {
        return this.maxJwkSetSize;
    }

    public void setMaxJwkSetSize(DataSize maxJwkSetSize) {
        this.maxJwkSetSize = size(maxJwkSetSize, "max JWK Set size");
    }

    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = positive(connectTimeout, "connect timeout");
    }

    public Duration getFetchTimeout() {
        return this.fetchTimeout;
    }

    public void setFetchTimeout(Duration fetchTimeout) {
        this.fetchTimeout = positive(fetchTimeout, "fetch timeout");
    }

    public int getCacheSize() {
        return this.cacheSize;
    }

    public void setCacheSize(int cacheSize) {
        if (cacheSize <= 0) {
            throw new IllegalArgumentException("cache size must be positive, got " + cacheSize);
        }
        this.cacheSize = cacheSize;
    }

    public Duration getMinCacheLifetime() {
        return this.minCacheLifetime;
    }

    public void setMinCacheLifetime(Duration minCacheLifetime) {
        if (minCacheLifetime == null || minCacheLifetime.isNegative()) {
            throw new IllegalArgumentException("min cache lifetime must not be negative, got " + minCacheLifetime);
        }
        this.minCacheLifetime = minCacheLifetime;
    }

    public Duration getMaxCacheLifetime() {
        return this.maxCacheLifetime;
    }

    public void setMaxCacheLifetime(Duration maxCacheLifetime) {
        this.maxCacheLifetime = positive(maxCacheLifetime, "max cache lifetime");
    }

    public Duration getMinRefetchInterval() {
        return this.minRefetchInterval;
    }

    public void setMinRefetchInterval(Duration minRefetchInterval) {
        this.minRefetchInterval = positive(minRefetchInterval, "min refetch interval");
    }

    /** The value, once it is positive. */
    protected static Duration positive(Duration value, String what) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
        return value;
    }

    private static DataSize size(DataSize value, String what) {
        if (value == null || value.toBytes() <= 0 || value.toBytes() > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException(what + " must be positive and below 2GB, got " + value);
        }
        return value;
    }

    /** Whom a fetch of a client ID metadata document trusts. */
    public enum Trust {

        /** The JDK's trust store (WebPKI), host names verified. */
        SYSTEM,

        /**
         * This workload's SPIFFE mTLS (the spiffeSslContext bean): servers with an X509-SVID of the trust domain
         * that spiffe.client.* accepts; host names are not verified.
         */
        SPIFFE
    }
}
