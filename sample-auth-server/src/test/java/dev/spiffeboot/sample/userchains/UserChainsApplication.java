package dev.spiffeboot.sample.userchains;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import dev.spiffeboot.security.config.SpiffeHttpConfigurer;
import dev.spiffeboot.security.web.access.SpiffeRequestPolicy;

/**
 * The sample authorization server's configuration with filter chains of the application's own, as Spring
 * Authorization Server's guide writes them: one for the authorization server's endpoints, which says nothing about
 * JWT-SVIDs, and the SPIFFE chain for the rest. (A package of its own, so that the sample's component scan does not
 * find it.)
 */
@SpringBootApplication
public class UserChainsApplication {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http) {
        http.oauth2AuthorizationServer(server -> http.securityMatcher(server.getEndpointsMatcher()));
        http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, SpiffeRequestPolicy spiffeRequestPolicy) {
        http.with(SpiffeHttpConfigurer.spiffe(), Customizer.withDefaults());
        http.authorizeHttpRequests(requests -> requests.anyRequest().access(spiffeRequestPolicy));
        return http.build();
    }
}
