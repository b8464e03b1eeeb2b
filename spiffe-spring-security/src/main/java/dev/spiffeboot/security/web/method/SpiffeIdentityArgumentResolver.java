package dev.spiffeboot.security.web.method;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import dev.spiffeboot.security.annotation.CallerId;
import dev.spiffeboot.security.annotation.IdentityParameters;
import dev.spiffeboot.security.annotation.PeerId;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Binds controller parameters to the request's identities: {@link CallerId @CallerId} and {@link PeerId @PeerId}
 * on {@link SpiffeId} (or {@link String}) parameters, and any {@link RequestPrincipal} parameter; {@code null}
 * when the request has no such identity.
 */
public final class SpiffeIdentityArgumentResolver implements HandlerMethodArgumentResolver {

    private final SecurityContextHolderStrategy contexts;

    /** A resolver reading the caller from the global security context. */
    public SpiffeIdentityArgumentResolver() {
        this(SecurityContextHolder.getContextHolderStrategy());
    }

    /** A resolver reading the caller from the given security context strategy. */
    public SpiffeIdentityArgumentResolver(SecurityContextHolderStrategy contexts) {
        this.contexts = contexts;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return IdentityParameters.supports(parameter);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
            WebDataBinderFactory binders) {
        return IdentityParameters.valueOf(parameter, this.contexts.getContext().getAuthentication());
    }
}
