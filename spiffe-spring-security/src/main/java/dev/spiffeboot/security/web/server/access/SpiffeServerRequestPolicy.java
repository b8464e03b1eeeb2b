package dev.spiffeboot.security.web.server.access;

import java.util.Objects;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;

import dev.spiffeboot.security.authorization.ReasonedDecision;
import dev.spiffeboot.security.policy.AuthorizationPolicy;

/**
 * The request-level rules of {@code spiffe.security.policy} as a {@link ReactiveAuthorizationManager}, the reactive
 * twin of {@link dev.spiffeboot.security.web.access.SpiffeRequestPolicy}: use it as
 * {@code .anyExchange().access(spiffeServerRequestPolicy)} in {@code authorizeExchange}. A request without identity
 * that the rules refuse gets 401, one with an identity 403. The path the rules see is the servlet one's: within the
 * application (no context path), each segment decoded and without path parameters, so that {@code /%6Frders} is
 * {@code /orders} to a rule.
 */
public final class SpiffeServerRequestPolicy implements ReactiveAuthorizationManager<AuthorizationContext> {

    private final AuthorizationPolicy policy;

    /** The policy as an authorization manager of exchanges. */
    public SpiffeServerRequestPolicy(AuthorizationPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        ServerHttpRequest request = context.getExchange().getRequest();
        return authentication.map(Optional::of)
            .defaultIfEmpty(Optional.empty())
            .map(caller -> {
                ReasonedDecision decision = this.policy.decide(caller.orElse(null), request.getMethod().name(), () -> path(request));
                if (!decision.isGranted()) {
                    // Spring's reactive filter refuses without the decision: the 403 handler logs the reason from here
                    context.getExchange().getAttributes().put(SpiffeServerAccessDeniedHandler.DECISION_ATTRIBUTE, decision);
                }
                return decision;
            });
    }

    /** The decoded path within the application, without path parameters, as {@code getServletPath()} gives it. */
    static String path(ServerHttpRequest request) {
        StringBuilder path = new StringBuilder();
        for (PathContainer.Element element : request.getPath().pathWithinApplication().elements()) {
            path.append((element instanceof PathContainer.PathSegment segment) ? segment.valueToMatch() : element.value());
        }
        return path.toString();
    }
}
