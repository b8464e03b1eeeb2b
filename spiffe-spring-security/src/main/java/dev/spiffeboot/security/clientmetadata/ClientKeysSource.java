package dev.spiffeboot.security.clientmetadata;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import com.nimbusds.jose.jwk.JWKSet;

import dev.spiffeboot.text.LogSafe;

/**
 * The signing keys of clients, by client ID: the client's metadata document, then the keys inline in it or at its
 * {@code jwks_uri}, each fetched with the {@link ClientMetadataFetcher} and held in its own {@link MetadataCache}.
 */
final class ClientKeysSource {

    private final MetadataCache<ClientMetadataDocument> documents;

    private final MetadataCache<JWKSet> keySets;

    ClientKeysSource(ClientMetadataFetcher fetcher, Settings settings, Clock clock) {
        boolean loopback = fetcher.allowsLoopback();
        this.documents = new MetadataCache<>(uri -> {
            FetchedJson fetched = fetcher.fetch(uri, settings.maxDocumentBytes());
            ClientMetadataDocument document = ClientMetadataDocument.parse(uri, fetched.members(), loopback, settings.spiffeIdDocuments());
            return new MetadataCache.Loaded<>(document, fetched.lifetime());
        }, settings.cacheSize(), clock, settings.minCacheLifetime(), settings.maxCacheLifetime(), settings.minRefetchInterval());
        this.keySets = new MetadataCache<>(uri -> {
            FetchedJson fetched = fetcher.fetch(uri, settings.maxJwkSetBytes());
            JWKSet keys = ClientMetadataDocument.publicKeys(fetched.members(), "the JWK Set at " + LogSafe.quote(uri.toString()));
            return new MetadataCache.Loaded<>(keys, fetched.lifetime());
        }, settings.cacheSize(), clock, settings.minCacheLifetime(), settings.maxCacheLifetime(), settings.minRefetchInterval());
    }

    /**
     * What the source holds to.
     *
     * @param maxDocumentBytes the largest document read
     * @param maxJwkSetBytes the largest JWK Set read
     * @param cacheSize the most documents held, and the most JWK Sets
     * @param minCacheLifetime the shortest time a fetched value is reused
     * @param maxCacheLifetime the longest
     * @param minRefetchInterval how often at most a value is fetched again for a key it lacks
     * @param spiffeIdDocuments whether documents may name a SPIFFE ID instead of carrying keys
     * ({@link ClientMetadataDocument#parse(URI, java.util.Map, boolean, boolean)})
     */
    record Settings(int maxDocumentBytes, int maxJwkSetBytes, int cacheSize, Duration minCacheLifetime,
            Duration maxCacheLifetime, Duration minRefetchInterval, boolean spiffeIdDocuments) {
    }

    /**
     * The keys of a client, as fetched: from the document, or from the JWK Set the document points to.
     *
     * @param document the document's cache entry
     * @param keySet the JWK Set's cache entry, or {@code null} when the keys are inline
     */
    record ClientKeys(URI clientId, MetadataCache.Entry<ClientMetadataDocument> document, MetadataCache.Entry<JWKSet> keySet) {

        JWKSet keys() {
            return (this.keySet != null) ? this.keySet.value() : this.document.value().jwks();
        }
    }

    /** The document of the client, fetched when it is not held or no longer fresh. */
    ClientMetadataDocument document(URI clientId) throws ClientMetadataException {
        return this.documents.get(clientId).value();
    }

    /** The keys of the client, fetched when they are not held or no longer fresh. */
    ClientKeys keysFor(URI clientId) throws ClientMetadataException {
        MetadataCache.Entry<ClientMetadataDocument> document = this.documents.get(clientId);
        return withKeys(clientId, document);
    }

    /**
     * The keys of the client fetched again, because a token names a key they lack: the JWK Set, or the document for
     * inline keys; at most once per minimum refetch interval, else the keys seen.
     */
    ClientKeys refetch(ClientKeys seen) throws ClientMetadataException {
        if (seen.keySet() == null) {
            return withKeys(seen.clientId(), this.documents.refetch(seen.clientId(), seen.document()));
        }
        URI jwksUri = seen.document().value().jwksUri();
        return new ClientKeys(seen.clientId(), seen.document(), this.keySets.refetch(jwksUri, seen.keySet()));
    }

    /** The keys held for the client now (never fetched), or {@code null} when none are. */
    JWKSet currentKeys(URI clientId) {
        ClientMetadataDocument document = this.documents.peek(clientId);
        if (document == null || !document.hasKeys()) {
            return null;
        }
        return document.hasInlineKeys() ? document.jwks() : this.keySets.peek(document.jwksUri());
    }

    private ClientKeys withKeys(URI clientId, MetadataCache.Entry<ClientMetadataDocument> document) throws ClientMetadataException {
        if (!document.value().hasKeys()) {
            throw new ClientMetadataException(ClientMetadataException.Kind.INVALID, "the client ID metadata document "
                    + LogSafe.quote(clientId.toString()) + " has no keys: its client authenticates with JWT-SVIDs only");
        }
        if (document.value().hasInlineKeys()) {
            return new ClientKeys(clientId, document, null);
        }
        return new ClientKeys(clientId, document, this.keySets.get(document.value().jwksUri()));
    }
}
