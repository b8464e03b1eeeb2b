package dev.spiffeboot.security.authorization;

import java.lang.reflect.Method;
import java.util.Objects;

import org.aopalliance.intercept.MethodInvocation;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.KotlinDetector;
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
 * for an anonymous one, through the {@code ExceptionTranslationWebFilter}). Methods of gRPC services are
 * left to the gRPC server's security, as {@link SpiffeAnnotationAuthorizationManager#pointcut()} says.
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
     * {@code @EnableReactiveMethodSecurity}. Annotated methods must return a {@code Publisher} ({@code Mono},
     * {@code Flux}) or be Kotlin suspending functions, as the caller is read from the Reactor context: the pointcut
     * refuses any other annotated method when its bean is proxied, so the application does not start (rather than
     * answering 500 at the first call, as Spring Security's reactive interceptor would).
     */
    public static AuthorizationAdvisor interceptor() {
        SpiffeAnnotationAuthorizationManager annotations = new SpiffeAnnotationAuthorizationManager();
        AuthorizationManagerBeforeReactiveMethodInterceptor interceptor = new AuthorizationManagerBeforeReactiveMethodInterceptor(
                reactiveOnly(annotations.pointcut()), new SpiffeReactiveAnnotationAuthorizationManager(annotations));
        interceptor.setOrder(AuthorizationInterceptorsOrder.PRE_AUTHORIZE.getOrder() + 1);
        return interceptor;
    }

    private static StaticMethodMatcherPointcut reactiveOnly(StaticMethodMatcherPointcut annotated) {
        return new StaticMethodMatcherPointcut() {

            @Override
            public boolean matches(Method method, Class<?> targetClass) {
                if (!annotated.matches(method, targetClass)) {
                    return false;
                }
                if (!Publisher.class.isAssignableFrom(method.getReturnType()) && !KotlinDetector.isSuspendingFunction(method)) {
                    Class<?> type = (targetClass != null) ? targetClass : method.getDeclaringClass();
                    throw new IllegalStateException("SPIFFE authorization annotations on " + type.getName() + "." + method.getName()
                            + ", which returns " + method.getReturnType().getSimpleName() + ": in a reactive application an annotated"
                            + " method must return a Publisher (Mono or Flux), as the caller's identity is read from the Reactor context");
                }
                return true;
            }
        };
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, MethodInvocation invocation) {
        return authentication.map(caller -> this.annotations.authorize(() -> caller, invocation))
            .switchIfEmpty(Mono.fromSupplier(() -> this.annotations.authorize(() -> null, invocation)));
    }
}
