package dev.spiffeboot.security.oauth2.client;

import java.util.Objects;

import dev.spiffeboot.security.oauth2.PublicDocuments;

/**
 * Where this application serves its {@link PublishedClientMetadata client ID metadata document} and JWK Set: the
 * local paths (below the context path), answered before any authentication (both are public by design).
 */
public final class ClientMetadataEndpoints implements PublicDocuments {

    private final PublishedClientMetadata metadata;

    private final String documentPath;

    private final String jwkSetPath;

    /**
     * Endpoints.
     *
     * @param metadata what is published
     * @param documentPath the local path of the document (the client ID's path, unless a proxy maps another one)
     * @param jwkSetPath the local path of the JWK Set, or {@code null} when the document carries the keys
     * @throws IllegalArgumentException if a path does not start with {@code /}, or both are the same
     */
    public ClientMetadataEndpoints(PublishedClientMetadata metadata, String documentPath, String jwkSetPath) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.documentPath = checkPath(Objects.requireNonNull(documentPath, "document path"));
        this.jwkSetPath = (jwkSetPath != null) ? checkPath(jwkSetPath) : null;
        if (documentPath.equals(jwkSetPath)) {
            throw new IllegalArgumentException("the document and the JWK Set need different paths, got " + documentPath + " for both");
        }
    }

    private static String checkPath(String path) {
        if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
            throw new IllegalArgumentException("a path starting with / is expected, got " + path);
        }
        return path;
    }

    /** The local path of the document. */
    public String documentPath() {
        return this.documentPath;
    }

    /** The local path of the JWK Set, or {@code null}. */
    public String jwkSetPath() {
        return this.jwkSetPath;
    }

    @Override
    public Document documentAt(String path) {
        if (this.documentPath.equals(path)) {
            return new Document(this.metadata.documentJson(), this.metadata.maxAge());
        }
        if (path.equals(this.jwkSetPath)) {
            return new Document(this.metadata.jwkSetJson(), this.metadata.maxAge());
        }
        return null;
    }
}
