package dev.spiffeboot.security.clientmetadata;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.spiffeboot.text.LogSafe;

/**
 * The rules of a client identifier URL (draft-ietf-oauth-client-id-metadata-document, section 3), which is also the
 * address of the client's metadata document: the {@code https} scheme (plain {@code http} only for a loopback host,
 * and only when loopback is allowed, for tests and development), a host, no user info, a path, no {@code .} or
 * {@code ..} path segment (also percent-encoded), no encoded slash or backslash, and no fragment. A query, which the
 * draft advises against, is refused too: it has no use here and widens what a URL pattern lets through.
 */
final class ClientIdUrl {

    private static final int MAX_LENGTH = 2048;

    private ClientIdUrl() {
    }

    /**
     * The URL, once it follows the rules.
     *
     * @param allowLoopbackHttp whether {@code http} is accepted for a loopback host
     * @throws IllegalArgumentException saying which rule the URL breaks
     */
    static URI parse(String url, boolean allowLoopbackHttp) {
        String problem = problem(url, allowLoopbackHttp);
        if (problem != null) {
            throw new IllegalArgumentException("client ID URL " + LogSafe.quote(url) + " " + problem);
        }
        return URI.create(url);
    }

    /** What is wrong with the text as a client ID URL, or {@code null}. */
    static String problem(String url, boolean allowLoopbackHttp) {
        if (url == null || url.isEmpty()) {
            return "is empty";
        }
        if (url.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        try {
            return problem(new URI(url), allowLoopbackHttp);
        }
        catch (URISyntaxException ex) {
            return "is not a URL";
        }
    }

    /** What is wrong with the URL as a client ID or a URL a document points to, or {@code null}. */
    static String problem(URI uri, boolean allowLoopbackHttp) {
        String where = RemoteAddressPolicy.urlProblem(uri, allowLoopbackHttp);
        if (where != null) {
            return where;
        }
        if (uri.getRawFragment() != null) {
            return "must not contain a fragment";
        }
        if (uri.getRawQuery() != null) {
            return "must not contain a query";
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            return "must contain a path";
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c")) {
            return "must not contain an encoded slash or backslash";
        }
        for (String segment : lower.split("/", -1)) {
            String decoded = segment.replace("%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return "must not contain . or .. path segments";
            }
        }
        return null;
    }
}
