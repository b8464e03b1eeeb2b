package dev.spiffeboot.security.web.access;

import java.util.Objects;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import dev.spiffeboot.security.policy.AuthorizationPolicy;

/**
 * The request-level rules of {@code spiffe.security.policy} as an {@link AuthorizationManager}, for
 * {@code authorizeHttpRequests}. The auto-configured filter chain applies it to every request; in a chain of your
 * own, use it as {@code .anyRequest().access(spiffeRequestPolicy)}. A request without identity that the rules
 * refuse gets 401 (Spring Security turns an anonymous refusal into an authentication challenge), one with an
 * identity 403. The path the rules see is the servlet path and path info: decoded, without the context path.
 */
public final class SpiffeRequestPolicy implements AuthorizationManager<RequestAuthorizationContext> {

    private final AuthorizationPolicy policy;

    /** The policy as an authorization manager of servlet requests. */
    public SpiffeRequestPolicy(AuthorizationPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        return this.policy.decide(authentication.get(), request.getMethod(),
                () -> request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : ""));
    }
}
