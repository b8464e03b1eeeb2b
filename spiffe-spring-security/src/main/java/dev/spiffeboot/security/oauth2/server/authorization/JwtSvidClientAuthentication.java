package dev.spiffeboot.security.oauth2.server.authorization;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Consumer;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2ClientAuthenticationConfigurer;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadata;

/**
 * JWT-SVID client authentication for Spring Security's authorization server, applied to its client authentication
 * (at the token, introspection and revocation endpoints):
 *
 * <pre>{@code
 * http.oauth2AuthorizationServer(server -> server
 *     .clientAuthentication(jwtSvidClientAuthentication)
 *     .authorizationServerMetadataEndpoint(metadata -> metadata
 *         .authorizationServerMetadataCustomizer(JwtSvidClientAuthentication.advertised())));
 * }</pre>
 * It adds the {@link JwtSvidClientAuthenticationConverter converter} and the
 * {@link JwtSvidClientAuthenticationProvider provider} ahead of Spring's own, and sets the error response handler
 * to {@link ClientAuthenticationFailureHandler}, which tells a JWT-SVID client why it was refused and answers
 * every other method as Spring does. Applying it twice to the same configurer adds it once. Registered clients
 * allow the method with {@link #METHOD} ({@code spiffe_jwt}).
 */
public final class JwtSvidClientAuthentication implements Customizer<OAuth2ClientAuthenticationConfigurer> {

    /**
     * The client authentication method: {@code spiffe_jwt}, the name the draft has authorization servers advertise
     * in {@code token_endpoint_auth_methods_supported} (section 4).
     */
    public static final ClientAuthenticationMethod METHOD = new ClientAuthenticationMethod("spiffe_jwt");

    /** The {@code client_assertion_type} of a JWT-SVID (section 3.1). */
    public static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-spiffe";

    /**
     * The client setting that binds a client whose ID is not a SPIFFE ID (a client ID metadata document URL, say) to
     * a SPIFFE ID, or to all SPIFFE IDs under a path with a trailing {@code /*}: the {@code spiffe_id} of the
     * draft's client metadata (section 5.1).
     */
    public static final String SPIFFE_ID_SETTING = "settings.client.spiffe-id";

    private final JwtSvidClientAuthenticationConverter converter;

    private final JwtSvidClientAuthenticationProvider provider;

    private final Set<OAuth2ClientAuthenticationConfigurer> appliedTo = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    /** The client authentication of the provider, with a converter that accepts assertions of up to 8192 characters. */
    public JwtSvidClientAuthentication(JwtSvidClientAuthenticationProvider provider) {
        this(new JwtSvidClientAuthenticationConverter(), provider);
    }

    /** The client authentication of the converter and the provider. */
    public JwtSvidClientAuthentication(JwtSvidClientAuthenticationConverter converter,
            JwtSvidClientAuthenticationProvider provider) {
        this.converter = Objects.requireNonNull(converter, "converter");
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    @Override
    public void customize(OAuth2ClientAuthenticationConfigurer clientAuthentication) {
        if (!this.appliedTo.add(clientAuthentication)) {
            return;
        }
        clientAuthentication.authenticationConverter(this.converter)
            .authenticationProvider(this.provider)
            .errorResponseHandler(new ClientAuthenticationFailureHandler());
    }

    /**
     * Adds {@code spiffe_jwt} to the authentication methods the authorization server metadata (RFC 8414) lists for
     * the token, introspection and revocation endpoints.
     */
    public static Consumer<OAuth2AuthorizationServerMetadata.Builder> advertised() {
        return metadata -> metadata.tokenEndpointAuthenticationMethod(METHOD.getValue())
            .tokenIntrospectionEndpointAuthenticationMethod(METHOD.getValue())
            .tokenRevocationEndpointAuthenticationMethod(METHOD.getValue());
    }
}
