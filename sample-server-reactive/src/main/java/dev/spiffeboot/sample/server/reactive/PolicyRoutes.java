package dev.spiffeboot.sample.server.reactive;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.spiffeboot.security.authentication.SpiffeAuthentication;

/**
 * Scenario 5 on functional endpoints: routes have no annotations, so {@code spiffe.security.policy} in
 * application.yml (default deny) is what protects them, as it protects every exchange. The caller's identity is the
 * request's principal, a {@link SpiffeAuthentication}.
 */
@Configuration(proxyBeanMethods = false)
class PolicyRoutes {

    @Bean
    RouterFunction<ServerResponse> policyRouter() {
        return RouterFunctions.route()
            .GET("/policy/peer-only", PolicyRoutes::peerOnly)
            .GET("/policy/unlisted", PolicyRoutes::unlisted)
            .build();
    }

    private static Mono<ServerResponse> peerOnly(ServerRequest request) {
        return request.principal()
            .cast(SpiffeAuthentication.class)
            .flatMap(caller -> ServerResponse.ok()
                .bodyValue("Success!!! " + caller.peerId().orElseThrow() + " is allowed by its mTLS identity"));
    }

    private static Mono<ServerResponse> unlisted(ServerRequest request) {
        return ServerResponse.ok().bodyValue("no rule allows this endpoint, so nobody should see this");
    }
}
