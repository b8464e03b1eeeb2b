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

    SpiffeRequestPolicy(AuthorizationPolicy policy) {
        this.policy = policy;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        Authentication current = authentication.get();
        if (!this.policy.hasRules()) {
            // nothing looks at the request: skip describing it
            return this.policy.withoutRules(current instanceof SpiffeAuthentication);
        }
        return this.policy.evaluate(requestOf(current, context.getRequest()));
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
