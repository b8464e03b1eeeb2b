package dev.spiffeboot.security.authorization;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.AuthorizationInterceptorsOrder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ClassUtils;

import dev.spiffeboot.security.annotation.SpiffeAuthorize;
import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Decides calls to methods carrying SPIFFE authorization annotations: the caller must match the {@code Allow*}
 * annotations, hold a JWT-SVID for a required audience, and satisfy the {@code SpiffeAuthorize} expression, as far
 * as each applies. A caller without a SPIFFE identity is refused (and gets 401 from Spring Security).
 */
public final class SpiffeAnnotationAuthorizationManager implements AuthorizationManager<MethodInvocation> {

    private static final Log logger = LogFactory.getLog(SpiffeAnnotationAuthorizationManager.class);

    private static final ReasonedDecision NOT_ANNOTATED = new ReasonedDecision(true, "no SPIFFE annotation");

    private static final ReasonedDecision NO_IDENTITY = new ReasonedDecision(false, "no SPIFFE identity");

    private static final ReasonedDecision ALLOWED = new ReasonedDecision(true, "allowed by annotations");

    /** Read-only, with methods on the root: the root (the caller) is given per evaluation. */
    private static final EvaluationContext EXPRESSIONS = SimpleEvaluationContext.forReadOnlyDataBinding()
        .withInstanceMethods()
        .build();

    private static final Class<?> GRPC_SERVICE = ClassUtils.isPresent("io.grpc.BindableService", null)
            ? ClassUtils.resolveClassName("io.grpc.BindableService", null) : null;

    private final AnnotationRules rules;

    /** A manager of the rules the SPIFFE annotations describe ({@code dev.spiffeboot.security.annotation}). */
    public SpiffeAnnotationAuthorizationManager() {
        this.rules = new AnnotationRules();
    }

    /**
     * The method interceptor that enforces the annotations on every bean method that has them, ordered right after
     * Spring Security's {@code @PreAuthorize}. Register it as an infrastructure bean (its pointcut reads the
     * annotations, and so checks their values, when beans are proxied).
     */
    public static SpiffeAuthorizationMethodInterceptor interceptor() {
        SpiffeAnnotationAuthorizationManager manager = new SpiffeAnnotationAuthorizationManager();
        return new SpiffeAuthorizationMethodInterceptor(manager.pointcut(), manager, SecurityContextHolder.getContextHolderStrategy(),
                AuthorizationInterceptorsOrder.PRE_AUTHORIZE.getOrder() + 1);
    }

    /**
     * Selects the methods that have a rule and that a proxy can intercept, reading (and so checking) their annotations
     * when beans are proxied. gRPC
     * services ({@code io.grpc.BindableService}) are left out: their calls reach their methods through the service
     * definition, not through a proxy, and the gRPC server's security enforces their annotations per call.
     */
    public StaticMethodMatcherPointcut pointcut() {
        return new StaticMethodMatcherPointcut() {

            @Override
            public boolean matches(Method method, Class<?> targetClass) {
                return isProxied(method) && !isGrpcService(targetClass) && hasRule(method, targetClass);
            }
        };
    }

    /**
     * Whether a proxy can intercept calls of the method: not private, static or compiler-made (a lambda's body has
     * its class' annotations, but is no entry point).
     */
    private static boolean isProxied(Method method) {
        int modifiers = method.getModifiers();
        return !Modifier.isPrivate(modifiers) && !Modifier.isStatic(modifiers) && (!method.isSynthetic() || method.isBridge());
    }

    private static boolean isGrpcService(Class<?> targetClass) {
        return targetClass != null && GRPC_SERVICE != null && GRPC_SERVICE.isAssignableFrom(targetClass);
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, MethodInvocation invocation) {
        Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis())
                : invocation.getMethod().getDeclaringClass();
        return authorize(authentication, invocation.getMethod(), targetClass);
    }

    /** Whether a method called on an instance of the target class carries SPIFFE annotations (on it or its class). */
    public boolean hasRule(Method method, Class<?> targetClass) {
        return this.rules.ruleFor(method, targetClass) != null;
    }

    /**
     * The decision for a call of a method on an instance of the target class, e.g. for a gRPC call that reaches the
     * method without a proxy.
     */
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, Method method, Class<?> targetClass) {
        AnnotationRules.MethodRule rule = this.rules.ruleFor(method, targetClass);
        if (rule == null) {
            return NOT_ANNOTATED;
        }
        if (!(authentication.get() instanceof SpiffeAuthentication spiffe)) {
            return NO_IDENTITY;
        }
        SpiffeId caller = spiffe.callerId().orElse(null);
        if (rule.allowed() != null && (caller == null || !rule.allowed().matches(caller))) {
            return rule.callerRefused();
        }
        if (!rule.audiences().isEmpty() && spiffe.jwtSvidAudience().stream().noneMatch(rule.audiences()::contains)) {
            return rule.audienceRefused();
        }
        if (rule.expression() != null && !evaluate(rule.expression(), spiffe)) {
            return rule.expressionRefused();
        }
        return ALLOWED;
    }

    private static boolean evaluate(Expression expression, SpiffeAuthentication authentication) {
        try {
            return Boolean.TRUE.equals(expression.getValue(EXPRESSIONS, new SpiffeSecurityExpressionRoot(authentication), Boolean.class));
        }
        catch (EvaluationException | IllegalArgumentException ex) {
            logger.error("@SpiffeAuthorize(\"" + expression.getExpressionString() + "\") failed, refusing the call: " + ex.getMessage());
            return false;
        }
    }
}
