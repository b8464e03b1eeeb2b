package dev.spiffeboot.security.web.server.method;

import reactor.core.publisher.Mono;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

import dev.spiffeboot.security.annotation.CallerId;
import dev.spiffeboot.security.annotation.IdentityParameters;
import dev.spiffeboot.security.annotation.PeerId;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Binds WebFlux controller parameters to the exchange's identities, as the MVC
 * {@link dev.spiffeboot.security.web.method.SpiffeIdentityArgumentResolver} does: {@link CallerId @CallerId} and
 * {@link PeerId @PeerId} on {@link SpiffeId} (or {@link String}) parameters, and any {@link RequestPrincipal}
 * parameter; {@code null} when the exchange has no such identity. Register it with
 * {@code WebFluxConfigurer.configureArgumentResolvers(configurer -> configurer.addCustomResolver(...))}.
 */
public final class SpiffeIdentityArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return IdentityParameters.supports(parameter);
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        return ReactiveSecurityContextHolder.getContext()
            .mapNotNull(context -> IdentityParameters.valueOf(parameter, context.getAuthentication()));
    }
}
