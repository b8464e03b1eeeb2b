package dev.spiffeboot.autoconfigure.security;

import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;

/**
 * Applies SPIFFE authentication to a filter chain of your own: the mTLS peer's SPIFFE ID and bearer tokens
 * (JWT-SVIDs and the configured issuers' tokens) become a {@link dev.spiffeboot.security.SpiffeAuthentication},
 * refused tokens get 401 with {@code WWW-Authenticate}, refused callers 403 with a problem detail. Authorization
 * stays yours; the declarative rules are available as the {@link SpiffeRequestPolicy} bean:
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain api(HttpSecurity http, SpiffeRequestPolicy spiffeRequestPolicy) {
 *     http.with(SpiffeHttpConfigurer.spiffe(), Customizer.withDefaults())
 *         .authorizeHttpRequests(requests -> requests
 *             .requestMatchers("/actuator/health").permitAll()
 *             .anyRequest().access(spiffeRequestPolicy));
 *     return http.build();
 * }
 * }</pre>
 * The controller annotations ({@code @AllowSpiffeIds} and the others) work with any chain.
 */
public final class SpiffeHttpConfigurer extends AbstractHttpConfigurer<SpiffeHttpConfigurer, HttpSecurity> {

    private SpiffeHttpConfigurer() {
    }

    /** A new configurer, for {@code http.with(SpiffeHttpConfigurer.spiffe(), ...)}. */
    public static SpiffeHttpConfigurer spiffe() {
        return new SpiffeHttpConfigurer();
    }

    @Override
    public void init(HttpSecurity http) {
        parts(http).init(http, getSecurityContextHolderStrategy());
    }

    @Override
    public void configure(HttpSecurity http) {
        SpiffeWebSecurity parts = parts(http);
        http.addFilter(postProcess(parts.bearerTokenFilter(getSecurityContextHolderStrategy())));
        http.addFilterAfter(postProcess(parts.peerFilter(getSecurityContextHolderStrategy())), BearerTokenAuthenticationFilter.class);
    }

    private static SpiffeWebSecurity parts(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        if (context == null || context.getBeanNamesForType(SpiffeWebSecurity.class).length == 0) {
            throw new IllegalStateException("SpiffeHttpConfigurer needs the SPIFFE security auto-configuration: "
                    + "a SPIFFE Workload API (spiffe.workload-api.address or SPIFFE_ENDPOINT_SOCKET) and spiffe.security.enabled=true");
        }
        return context.getBean(SpiffeWebSecurity.class);
    }
}
