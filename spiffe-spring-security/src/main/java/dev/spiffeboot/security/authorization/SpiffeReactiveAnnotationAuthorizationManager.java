package dev.spiffeboot.security.authorization;

import java.util.Objects;

import org.aopalliance.intercept.MethodInvocation;
import reactor.core.publisher.Mono;

import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.authorization.method.AuthorizationAdvisor;
import org.springframework.security.authorization.method.AuthorizationInterceptorsOrder;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeReactiveMethodInterceptor;
import org.springframework.security.core.Authentication;

/**
 * The SPIFFE annotations for reactive methods (returning {@code Mono} or {@code Flux}, as WebFlux handlers do):
 * the decisions of {@link SpiffeAnnotationAuthorizationManager}, unchanged, for Spring Security's
 * {@link AuthorizationManagerBeforeReactiveMethodInterceptor}, which reads the authentication from the Reactor
 * context. A refused call fails with {@code AuthorizationDeniedException} (403 for a caller with an identity, 401
 * for an anonymous one, through the {@code ExceptionTranslationWebFilter}).
 */
public final class SpiffeReactiveAnnotationAuthorizationManager implements ReactiveAuthorizationManager<MethodInvocation> {

    private final SpiffeAnnotationAuthorizationManager annotations;

    /** The decisions of the given manager, in reactive form. */
    public SpiffeReactiveAnnotationAuthorizationManager(SpiffeAnnotationAuthorizationManager annotations) {
        this.annotations = Objects.requireNonNull(annotations, "annotations");
    }

    /**
     * The method interceptor that enforces the annotations on every reactive bean method that has them, ordered
     * right after Spring Security's {@code @PreAuthorize}. Register it as an infrastructure bean next to
     * {@code @EnableReactiveMethodSecurity}. Annotated methods must return a {@code Publisher}: Spring Security's
     * reactive interceptor refuses others.
     */
    public static AuthorizationAdvisor interceptor() {
        SpiffeAnnotationAuthorizationManager annotations = new SpiffeAnnotationAuthorizationManager();
        AuthorizationManagerBeforeReactiveMethodInterceptor interceptor = new AuthorizationManagerBeforeReactiveMethodInterceptor(
                annotations.pointcut(), new SpiffeReactiveAnnotationAuthorizationManager(annotations));
        interceptor.setOrder(AuthorizationInterceptorsOrder.PRE_AUTHORIZE.getOrder() + 1);
        return interceptor;
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, MethodInvocation invocation) {
        return authentication.map(caller -> this.annotations.authorize(() -> caller, invocation))
            .switchIfEmpty(Mono.fromSupplier(() -> this.annotations.authorize(() -> null, invocation)));
    }
}
