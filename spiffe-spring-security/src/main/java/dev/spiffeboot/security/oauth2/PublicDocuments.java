package dev.spiffeboot.security.oauth2;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * JSON documents an application serves to anyone, without authentication, by local path (below the context
 * path): OAuth metadata and key sets, which verifiers fetch before they can authenticate anything. The servlet
 * filter and the WebFlux web filter that serve them answer before the security filters.
 */
@FunctionalInterface
public interface PublicDocuments {

    /** The document served at the local path, or {@code null} when the path is not one of these documents'. */
    Document documentAt(String path);

    /** The document the first of several sets serves at the path, or {@code null}. */
    static Document find(List<? extends PublicDocuments> sets, String path) {
        for (PublicDocuments set : sets) {
            Document document = set.documentAt(path);
            if (document != null) {
                return document;
            }
        }
        return null;
    }

    /**
     * A document: its JSON, written when it is asked for, and how long clients may cache it.
     *
     * @param json the document
     * @param maxAge {@code Cache-Control: max-age}
     */
    record Document(String json, Duration maxAge) {

        public Document {
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(maxAge, "max age");
        }
    }
}
