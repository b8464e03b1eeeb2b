package dev.spiffeboot.security.authorization;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;

import dev.spiffeboot.text.LogSafe;

/**
 * What a refused request is told and what is logged, for every web stack alike: a short RFC 9457 problem detail
 * ({@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, {@code caller}) that names the
 * caller and the request but never describes the policy, and a log line that says which rule or annotation refused.
 */
public final class Refusals {

    /** The caller's name when the request has no identity. */
    public static final String ANONYMOUS = "anonymous";

    private Refusals() {
    }

    /** The log line of a refused caller, e.g. {@code Access denied: "spiffe://..." may not GET "/orders" (denied by ...)}. */
    public static String accessDeniedLog(String caller, String method, String path, AccessDeniedException denied) {
        return "Access denied: " + LogSafe.quote(caller) + " may not " + method + " " + LogSafe.quote(path) + " ("
                + reasonOf(denied) + ")";
    }

    /** The 403 problem detail of a refused caller. */
    public static String forbidden(String caller, String method, String path) {
        return problem(403, "Forbidden", caller + " may not " + method + " " + path, path, caller);
    }

    /**
     * The problem detail of a request without a usable identity (401, or 503 when its token cannot be checked now).
     *
     * @param status the response status
     * @param title the status' reason phrase
     * @param description what the client is told about its token, or {@code null} when it sent none
     * @param path the request path
     */
    public static String unauthenticated(int status, String title, String description, String path) {
        String detail = (description != null) ? description : "authentication required";
        return problem(status, title, detail, path, ANONYMOUS);
    }

    /** Why access was denied: the reason of a {@link ReasonedDecision}, else the exception's message. */
    public static String reasonOf(AccessDeniedException denied) {
        if (denied instanceof AuthorizationDeniedException authorization
                && authorization.getAuthorizationResult() instanceof ReasonedDecision decision) {
            return decision.reason();
        }
        return denied.getMessage();
    }

    private static String problem(int status, String title, String detail, String instance, String caller) {
        return "{\"type\":\"about:blank\",\"title\":\"" + json(title) + "\",\"status\":" + status + ",\"detail\":\""
                + json(detail) + "\",\"instance\":\"" + json(instance) + "\",\"caller\":\"" + json(caller) + "\"}";
    }

    /** JSON string content: LogSafe escapes quotes, backslashes and control or non-ASCII characters as JSON does. */
    private static String json(String value) {
        return LogSafe.escape(value);
    }
}
