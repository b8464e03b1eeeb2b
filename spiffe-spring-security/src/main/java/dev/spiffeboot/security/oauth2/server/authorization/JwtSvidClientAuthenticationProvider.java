package dev.spiffeboot.security.oauth2.server.authorization;

import java.util.List;
import java.util.Objects;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.JwtSvidVerifier;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.text.LogSafe;

/**
 * Authenticates OAuth clients by a JWT-SVID (draft-ietf-oauth-spiffe-client-auth-02, section 3.1): the assertion
 * is validated with the trust domains' JWT bundles, its {@code aud} must be the authorization server's issuer
 * identifier and nothing else (as draft-ietf-oauth-rfc7523bis requires), and its SPIFFE ID names the client:
 * <ul>
 * <li>without {@code client_id}, the registered client whose client ID is the SPIFFE ID;</li>
 * <li>with a {@code client_id} that is a SPIFFE ID, it must be the assertion's;</li>
 * <li>with another {@code client_id} (a client ID metadata document URL, say), the client the
 * {@link RegisteredClientRepository} returns for it, which must be bound to the SPIFFE ID by its client setting
 * {@value JwtSvidClientAuthentication#SPIFFE_ID_SETTING} (exact, or a {@code /*} prefix).</li>
 * </ul>
 * The client must list the {@code spiffe_jwt} authentication method. A JWT-SVID may be presented more than once
 * while it is valid: the draft, like RFC 7523, makes {@code jti} and replay checks optional, and JWT-SVIDs are
 * reusable bearer tokens that often carry no {@code jti}. Every refusal is an {@code invalid_client} error whose
 * description says what failed; the assertion itself is never repeated.
 */
public final class JwtSvidClientAuthenticationProvider implements AuthenticationProvider {

    private final RegisteredClientRepository clients;

    private final JwtSvidVerifier verifier;

    private final String issuer;

    /**
     * A provider.
     *
     * @param clients the registered clients
     * @param verifier validates the assertions, with the JWT bundles of the trusted trust domains and the issuer as
     * the audience accepted (e.g. {@code LocalJwtSvidVerifier.builder(jwtSource::bundles, () -> List.of(issuer))})
     * @param issuer this authorization server's issuer identifier, the only audience an assertion may carry
     */
    public JwtSvidClientAuthenticationProvider(RegisteredClientRepository clients, JwtSvidVerifier verifier, String issuer) {
        this.clients = Objects.requireNonNull(clients, "registered client repository");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("the issuer identifier of the authorization server must be given: "
                    + "it is the audience JWT-SVID client assertions must carry");
        }
        this.issuer = issuer;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
        if (!JwtSvidClientAuthentication.METHOD.equals(request.getClientAuthenticationMethod())) {
            return null;
        }
        if (!(request.getCredentials() instanceof String assertion)) {
            throw ClientAuthenticationException.refused("no client_assertion");
        }
        SpiffeId caller = verify(assertion);
        String clientId = clientId(request, caller);
        RegisteredClient client = this.clients.findByClientId(clientId);
        if (client == null) {
            throw ClientAuthenticationException.refused("no registered client " + ErrorDescriptions.quote(clientId));
        }
        if (!client.getClientAuthenticationMethods().contains(JwtSvidClientAuthentication.METHOD)) {
            throw ClientAuthenticationException.refused("client " + ErrorDescriptions.quote(clientId)
                    + " may not authenticate with " + JwtSvidClientAuthentication.METHOD.getValue());
        }
        String binding = ClientSpiffeIds.of(client);
        if (binding == null || !ClientSpiffeIds.matches(binding, caller)) {
            throw ClientAuthenticationException.refused("client " + ErrorDescriptions.quote(clientId)
                    + " is not bound to SPIFFE ID " + ErrorDescriptions.quote(caller.toString()));
        }
        return new OAuth2ClientAuthenticationToken(client, JwtSvidClientAuthentication.METHOD, null);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** The SPIFFE ID of a valid assertion for this authorization server. */
    private SpiffeId verify(String assertion) {
        RequestPrincipal principal;
        try {
            principal = this.verifier.verify(assertion).principal();
        }
        catch (BearerTokenRejectedException ex) {
            String problem = ex.getError().getDescription();
            if (ex.isUnavailable()) {
                throw ClientAuthenticationException.unavailable("client_assertion could not be checked now: "
                        + problem);
            }
            throw ClientAuthenticationException.refused("client_assertion is not a valid JWT-SVID for this "
                    + "authorization server: " + problem);
        }
        if (principal.spiffeId() == null) {
            throw ClientAuthenticationException.refused("client_assertion is not a JWT-SVID");
        }
        if (!principal.audience().equals(List.of(this.issuer))) {
            throw ClientAuthenticationException.refused("client_assertion must name this authorization server's "
                    + "issuer " + ErrorDescriptions.quote(this.issuer) + " as its only audience (aud="
                    + LogSafe.list(principal.audience()) + ")");
        }
        return principal.spiffeId();
    }

    /** The client the request names: its {@code client_id}, else the assertion's SPIFFE ID. */
    private static String clientId(OAuth2ClientAuthenticationToken request, SpiffeId caller) {
        Object requested = request.getAdditionalParameters().get(JwtSvidClientAuthenticationConverter.REQUESTED_CLIENT_ID);
        if (!(requested instanceof String clientId)) {
            return caller.toString();
        }
        if (clientId.startsWith("spiffe://") && !clientId.equals(caller.toString())) {
            throw ClientAuthenticationException.refused("client_id " + ErrorDescriptions.quote(clientId)
                    + " is not the SPIFFE ID of client_assertion, " + ErrorDescriptions.quote(caller.toString()));
        }
        return clientId;
    }
}
