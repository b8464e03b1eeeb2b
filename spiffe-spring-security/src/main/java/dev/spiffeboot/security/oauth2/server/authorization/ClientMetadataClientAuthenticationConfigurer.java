package dev.spiffeboot.security.oauth2.server.authorization;

import java.util.Objects;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Lets the authorization server of a filter chain, if the chain has one, authenticate the {@code private_key_jwt}
 * clients of client ID metadata documents: Spring's {@link JwtClientAssertionAuthenticationProvider} gets the
 * decoder factory (a {@link ClientMetadataAssertionDecoderFactory}), and the client authentication's error response
 * handler becomes {@link ClientAuthenticationFailureHandler}, which tells such a client why it was refused. Added to
 * every {@link HttpSecurity} (by a {@code Customizer<HttpSecurity>} bean), it reaches authorization server chains
 * declared elsewhere, Spring Boot's included, and leaves the other chains alone. The clients themselves come from the
 * {@code RegisteredClientRepository}, which must be a {@link ClientMetadataRegisteredClientRepository}.
 */
public final class ClientMetadataClientAuthenticationConfigurer
        extends AbstractHttpConfigurer<ClientMetadataClientAuthenticationConfigurer, HttpSecurity> {

    private final JwtDecoderFactory<RegisteredClient> assertionDecoders;

    public ClientMetadataClientAuthenticationConfigurer(JwtDecoderFactory<RegisteredClient> assertionDecoders) {
        this.assertionDecoders = Objects.requireNonNull(assertionDecoders, "assertion decoders");
    }

    /**
     * Runs before the authorization server's own initialization, which creates Spring's client authentication
     * providers and post-processes each, because this configurer was added to the chain before the authorization
     * server was.
     */
    @Override
    public void init(HttpSecurity http) {
        OAuth2AuthorizationServerConfigurer server = http.getConfigurer(OAuth2AuthorizationServerConfigurer.class);
        if (server != null) {
            server.withObjectPostProcessor(new AssertionDecoders(this.assertionDecoders));
            server.clientAuthentication(clientAuthentication -> clientAuthentication
                .errorResponseHandler(new ClientAuthenticationFailureHandler()));
        }
    }

    /** Sets the decoder factory of Spring's provider (a class, not a lambda, so its type selects the provider). */
    private static final class AssertionDecoders implements ObjectPostProcessor<JwtClientAssertionAuthenticationProvider> {

        private final JwtDecoderFactory<RegisteredClient> decoders;

        AssertionDecoders(JwtDecoderFactory<RegisteredClient> decoders) {
            this.decoders = decoders;
        }

        @Override
        public <O extends JwtClientAssertionAuthenticationProvider> O postProcess(O provider) {
            provider.setJwtDecoderFactory(this.decoders);
            return provider;
        }
    }
}
