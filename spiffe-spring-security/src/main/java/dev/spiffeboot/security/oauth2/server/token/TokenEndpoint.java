package dev.spiffeboot.security.oauth2.server.token;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.oauth2.client.ClientAssertion;

/**
 * A service's own token endpoint, for its clients' {@code client_credentials} requests (RFC 6749 §4.4) with a client
 * assertion (RFC 7521): a JWT-SVID ({@code jwt-spiffe}, draft-ietf-oauth-spiffe-client-auth) or a JWT signed by the
 * client of a client ID metadata document ({@code jwt-bearer}, {@code private_key_jwt}), whose only audience must be
 * this service's issuer identifier. It answers with a {@link LocalAccessTokens local access token} for this service
 * (RFC 8707 {@code resource}, when sent, must be this service's), or an RFC 6749 §5.2 error. Independent of the web
 * stack: the servlet and WebFlux filters hand it the form and write its answer.
 */
public final class TokenEndpoint {

    private final LocalAccessTokens tokens;

    private final BearerTokenAuthenticator assertions;

    /**
     * An endpoint.
     *
     * @param tokens the access tokens it issues
     * @param assertions validates client assertions: JWT-SVIDs and client ID JWTs for this service's issuer identifier
     */
    public TokenEndpoint(LocalAccessTokens tokens, BearerTokenAuthenticator assertions) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.assertions = Objects.requireNonNull(assertions, "assertion authenticator");
    }

    /** The largest request body read, in bytes; token requests are a few kilobytes. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    /**
     * The answer to a token request as it came: its content type and body. The parameters are read from the body
     * only (form-encoded, RFC 6749 §4.4.2), never from the query.
     *
     * @param contentType the request's {@code Content-Type}, or {@code null}
     * @param body the request's body, at most {@link #MAX_REQUEST_BYTES}
     */
    public Answer handle(String contentType, byte[] body) {
        if (!isForm(contentType)) {
            return Answer.error(400, "invalid_request", "the request must be application/x-www-form-urlencoded");
        }
        if (body.length > MAX_REQUEST_BYTES) {
            return Answer.error(400, "invalid_request", "the request is larger than " + MAX_REQUEST_BYTES + " bytes");
        }
        Map<String, List<String>> form = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = (equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
            catch (IllegalArgumentException ex) {
                return Answer.error(400, "invalid_request", "the form is not URL-encoded correctly");
            }
        }
        return handle(form);
    }

    /**
     * The answer to a token request.
     *
     * @param form the request's form parameters, each with all its values
     */
    public Answer handle(Map<String, List<String>> form) {
        try {
            String grantType = single(form, "grant_type", true);
            if (!"client_credentials".equals(grantType)) {
                return Answer.error(400, "unsupported_grant_type", "only client_credentials is supported");
            }
            String resource = single(form, "resource", false);
            if (resource != null && !resource.equals(this.tokens.resource())) {
                return Answer.error(400, "invalid_target", "this service issues tokens for " + this.tokens.resource() + " only");
            }
            if (single(form, "scope", false) != null) {
                return Answer.error(400, "invalid_scope", "this service defines no scopes");
            }
            RequestPrincipal client = authenticate(form);
            return Answer.token(this.tokens.issue(client), this.tokens.lifetime().toSeconds());
        }
        catch (Refusal refusal) {
            return refusal.answer;
        }
    }

    private RequestPrincipal authenticate(Map<String, List<String>> form) {
        String type = single(form, "client_assertion_type", false);
        String assertion = single(form, "client_assertion", false);
        if (type == null || assertion == null) {
            throw new Refusal(Answer.error(401, "invalid_client", "client authentication with client_assertion_type and "
                    + "client_assertion is required"));
        }
        RequestPrincipal.Kind expected = switch (type) {
            case ClientAssertion.JWT_SPIFFE -> RequestPrincipal.Kind.JWT_SVID;
            case ClientAssertion.JWT_BEARER -> RequestPrincipal.Kind.CLIENT_ID;
            default -> throw new Refusal(Answer.error(401, "invalid_client", "client_assertion_type must be "
                    + ClientAssertion.JWT_SPIFFE + " or " + ClientAssertion.JWT_BEARER));
        };
        RequestPrincipal client;
        try {
            client = this.assertions.authenticate(assertion);
        }
        catch (BearerTokenRejectedException ex) {
            if (ex.isUnavailable()) {
                throw new Refusal(Answer.error(503, "temporarily_unavailable", ex.getError().getDescription()));
            }
            throw new Refusal(Answer.error(401, "invalid_client", ex.getError().getDescription()));
        }
        if (client.kind() != expected) {
            throw new Refusal(Answer.error(401, "invalid_client", "the client_assertion is not a "
                    + ((expected == RequestPrincipal.Kind.JWT_SVID) ? "JWT-SVID" : "JWT of a client ID metadata document client")));
        }
        if (!client.audience().equals(List.of(this.tokens.issuer()))) {
            throw new Refusal(Answer.error(401, "invalid_client", "the client_assertion's audience must be " + this.tokens.issuer()
                    + " alone"));
        }
        String clientId = single(form, "client_id", false);
        if (clientId != null && !clientId.equals(client.value())) {
            throw new Refusal(Answer.error(401, "invalid_client", "client_id differs from the client the assertion names"));
        }
        return client;
    }

    /** Whether the content type is the form's: a media type that does not parse is not. */
    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
        }
        catch (InvalidMediaTypeException ex) {
            return false;
        }
    }

    private static String single(Map<String, List<String>> form, String name, boolean required) {
        List<String> values = form.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new Refusal(Answer.error(400, "invalid_request", name + " is given more than once"));
        }
        if (values.isEmpty() || values.get(0).isEmpty()) {
            if (required) {
                throw new Refusal(Answer.error(400, "invalid_request", name + " is missing"));
            }
            return null;
        }
        return values.get(0);
    }

    /**
     * What the endpoint answers: a status and a JSON body, sent with {@code Cache-Control: no-store}.
     *
     * @param status the HTTP status
     * @param json the body
     */
    public record Answer(int status, String json) {

        static Answer token(String accessToken, long expiresIn) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", accessToken);
            body.put("token_type", "Bearer");
            body.put("expires_in", expiresIn);
            return new Answer(200, JSONObjectUtils.toJSONString(body));
        }

        static Answer error(int status, String error, String description) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("error_description", printable(description));
            return new Answer(status, JSONObjectUtils.toJSONString(body));
        }

        /** RFC 6749 §5.2 allows printable ASCII except '"' and '\\' in error descriptions. */
        private static String printable(String description) {
            StringBuilder text = new StringBuilder(description.length());
            for (char c : description.toCharArray()) {
                text.append((c < 0x20 || c > 0x7e) ? '?' : (c == '"') ? '\'' : (c == '\\') ? '/' : c);
            }
            return text.toString();
        }
    }

    private static final class Refusal extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient Answer answer;

        Refusal(Answer answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }
}
