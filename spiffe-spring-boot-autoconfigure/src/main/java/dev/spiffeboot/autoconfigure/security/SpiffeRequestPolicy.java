package dev.spiffeboot.autoconfigure.security;

import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import dev.spiffeboot.security.RequestPrincipal;
import dev.spiffeboot.security.SpiffeAuthentication;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * The request-level rules of {@code spiffe.security.policy} as an {@link AuthorizationManager}, for
 * {@code authorizeHttpRequests}. The auto-configured filter chain applies it to every request; in a chain of your
 * own, use it as {@code .anyRequest().access(spiffeRequestPolicy)}. A request without identity that the rules
 * refuse gets 401 (Spring Security turns an anonymous refusal into an authentication challenge), one with an
 * identity 403.
 */
public final class SpiffeRequestPolicy implements AuthorizationManager<RequestAuthorizationContext> {

    private final AuthorizationPolicy policy;

    private final ReasonedDecision authenticatedWithoutRules;

    private final ReasonedDecision anonymousWithoutRules;

    SpiffeRequestPolicy(AuthorizationPolicy policy) {
        this.policy = policy;
        this.authenticatedWithoutRules = decision(policy.withoutRules(true));
        this.anonymousWithoutRules = decision(policy.withoutRules(false));
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        Authentication current = authentication.get();
        if (!this.policy.hasRules()) {
            return (current instanceof SpiffeAuthentication) ? this.authenticatedWithoutRules : this.anonymousWithoutRules;
        }
        return decision(this.policy.evaluate(requestOf(current, context.getRequest())));
    }

    private static ReasonedDecision decision(AuthorizationPolicy.Decision decision) {
        return new ReasonedDecision(decision.allowed(), decision.reason());
    }

    private static AuthorizationPolicy.Request requestOf(Authentication authentication, HttpServletRequest request) {
        String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
        if (authentication instanceof SpiffeAuthentication spiffe) {
            SpiffeId peer = spiffe.peerId().orElse(null);
            String requestPrincipal = spiffe.requestPrincipal().map(RequestPrincipal::value).orElse(null);
            SpiffeId caller = spiffe.callerId().orElse(null);
            return new AuthorizationPolicy.Request(peer, requestPrincipal, (caller != null) ? caller.trustDomain() : null,
                    path, request.getMethod());
        }
        return new AuthorizationPolicy.Request(null, null, null, path, request.getMethod());
    }
}
