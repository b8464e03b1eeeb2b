package dev.spiffeboot.security.oauth2.server.authorization;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;

/**
 * Finds a JWT-SVID client assertion in a token endpoint request: form parameters {@code client_assertion_type} =
 * {@code urn:ietf:params:oauth:client-assertion-type:jwt-spiffe} and {@code client_assertion} (exactly one of each),
 * and an optional {@code client_id}. Requests of other client authentication methods are left to their converters.
 * The result names the client the request claims to be (its {@code client_id}, or else the assertion's
 * {@code sub}, read without verification); {@link JwtSvidClientAuthenticationProvider} verifies it. The
 * {@code authorization_code} grant is refused: its PKCE check is part of Spring's own client authentication, which
 * this method does not replace.
 */
public final class JwtSvidClientAuthenticationConverter implements AuthenticationConverter {

    /** The key of the {@code client_id} the request sent, among the additional parameters of the result. */
    static final String REQUESTED_CLIENT_ID = OAuth2ParameterNames.CLIENT_ID;

    private final int maxTokenLength;

    /** A converter that refuses assertions longer than {@value JwtSvidValidator#DEFAULT_MAX_TOKEN_LENGTH} characters. */
    public JwtSvidClientAuthenticationConverter() {
        this(JwtSvidValidator.DEFAULT_MAX_TOKEN_LENGTH);
    }

    /** A converter that refuses assertions longer than the given number of characters, before reading them. */
    public JwtSvidClientAuthenticationConverter(int maxTokenLength) {
        if (maxTokenLength <= 0) {
            throw new IllegalArgumentException("max token length must be positive, got " + maxTokenLength);
        }
        this.maxTokenLength = maxTokenLength;
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        Map<String, List<String>> form = formParameters(request);
        List<String> types = form.getOrDefault(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE, List.of());
        if (!types.contains(JwtSvidClientAuthentication.ASSERTION_TYPE)) {
            return null;
        }
        if (types.size() != 1) {
            throw ClientAuthenticationException.refused("the request carries " + types.size()
                    + " client_assertion_type parameters; JWT-SVID client authentication takes exactly one");
        }
        List<String> assertions = form.getOrDefault(OAuth2ParameterNames.CLIENT_ASSERTION, List.of());
        if (assertions.size() != 1) {
            throw ClientAuthenticationException.refused("the request carries " + assertions.size()
                    + " client_assertion parameters; JWT-SVID client authentication takes exactly one JWT-SVID");
        }
        if (AuthorizationGrantType.AUTHORIZATION_CODE.getValue().equals(single(form, OAuth2ParameterNames.GRANT_TYPE))) {
            throw ClientAuthenticationException.invalidRequest(
                    "JWT-SVID client authentication is not available for the authorization_code grant");
        }
        List<String> clientIds = form.getOrDefault(OAuth2ParameterNames.CLIENT_ID, List.of());
        if (clientIds.size() > 1) {
            throw ClientAuthenticationException.refused("the request carries " + clientIds.size()
                    + " client_id parameters");
        }
        String assertion = assertions.get(0);
        Map<String, Object> parameters = new HashMap<>();
        String clientId;
        if (clientIds.isEmpty()) {
            clientId = claimedSpiffeId(assertion);
        }
        else {
            clientId = clientIds.get(0);
            parameters.put(REQUESTED_CLIENT_ID, clientId);
        }
        return new OAuth2ClientAuthenticationToken(clientId, JwtSvidClientAuthentication.METHOD, assertion, parameters);
    }

    /** The SPIFFE ID the assertion claims, unverified: only to name the client until the provider verifies it. */
    private String claimedSpiffeId(String assertion) {
        if (assertion.length() > this.maxTokenLength) {
            throw ClientAuthenticationException.refused("client_assertion is longer than "
                    + this.maxTokenLength + " characters");
        }
        try {
            return JwtSvid.parseUnverified(assertion, "").id().toString();
        }
        catch (InvalidJwtSvidException ex) {
            throw ClientAuthenticationException.refused("client_assertion is not a JWT-SVID: " + ex.getMessage());
        }
    }

    private static String single(Map<String, List<String>> form, String name) {
        List<String> values = form.getOrDefault(name, List.of());
        return (values.size() == 1) ? values.get(0) : null;
    }

    /** The parameters of the request body: credentials in the query string are not taken. */
    private static Map<String, List<String>> formParameters(HttpServletRequest request) {
        Set<String> inQuery = queryParameterNames(request.getQueryString());
        Map<String, List<String>> form = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!inQuery.contains(name) && values.length > 0) {
                form.put(name, List.of(values));
            }
        });
        return form;
    }

    private static Set<String> queryParameterNames(String query) {
        Set<String> names = new HashSet<>();
        if (query == null || query.isEmpty()) {
            return names;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = (equals < 0) ? pair : pair.substring(0, equals);
            try {
                names.add(URLDecoder.decode(name, StandardCharsets.UTF_8));
            }
            catch (IllegalArgumentException ex) {
                names.add(name);
            }
        }
        return names;
    }
}
