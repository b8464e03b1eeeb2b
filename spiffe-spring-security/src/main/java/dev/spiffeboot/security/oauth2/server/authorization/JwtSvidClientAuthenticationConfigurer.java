package dev.spiffeboot.security.oauth2.server.authorization;

import java.util.Objects;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;

/**
 * Applies {@link JwtSvidClientAuthentication} to the authorization server of a filter chain, if the chain has one,
 * once the chain is configured: added to every {@link HttpSecurity} (by a {@code Customizer<HttpSecurity>} bean), it
 * brings the method into authorization server chains declared elsewhere, Spring Boot's included, and leaves the
 * other chains alone.
 */
public final class JwtSvidClientAuthenticationConfigurer
        extends AbstractHttpConfigurer<JwtSvidClientAuthenticationConfigurer, HttpSecurity> {

    private final JwtSvidClientAuthentication clientAuthentication;

    public JwtSvidClientAuthenticationConfigurer(JwtSvidClientAuthentication clientAuthentication) {
        this.clientAuthentication = Objects.requireNonNull(clientAuthentication, "client authentication");
    }

    /**
     * Runs before the authorization server's own initialization, which reads its client authentication providers,
     * because this configurer was added to the chain before the authorization server was.
     */
    @Override
    public void init(HttpSecurity http) {
        OAuth2AuthorizationServerConfigurer server = http.getConfigurer(OAuth2AuthorizationServerConfigurer.class);
        if (server != null) {
            server.clientAuthentication(this.clientAuthentication);
        }
    }
}
