package dev.spiffeboot.security.authorization;

import java.util.Objects;
import java.util.function.Supplier;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.Pointcut;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.AuthorizationAdvisor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Enforces the SPIFFE annotations around the methods of its pointcut, as Spring Security's
 * {@code AuthorizationManagerBeforeMethodInterceptor} does, without building its debug messages at every call:
 * over commons-logging 1.3 on SLF4J, the logging of a Spring Boot application, a debug message is turned into a
 * string even when debug is off, and those name the whole method invocation. A refused call throws
 * {@link AuthorizationDeniedException} with the decision, a call without any authentication
 * {@link AuthenticationCredentialsNotFoundException}, both as Spring Security's interceptor does.
 */
public final class SpiffeAuthorizationMethodInterceptor implements AuthorizationAdvisor {

    private static final Log logger = LogFactory.getLog(SpiffeAuthorizationMethodInterceptor.class);

    private final Pointcut pointcut;

    private final AuthorizationManager<MethodInvocation> authorizationManager;

    private final SecurityContextHolderStrategy contexts;

    private final int order;

    /**
     * An interceptor.
     *
     * @param pointcut the methods it decides
     * @param authorizationManager what decides
     * @param contexts where the authentication is
     * @param order its place among the method interceptors
     */
    public SpiffeAuthorizationMethodInterceptor(Pointcut pointcut, AuthorizationManager<MethodInvocation> authorizationManager,
            SecurityContextHolderStrategy contexts, int order) {
        this.pointcut = Objects.requireNonNull(pointcut, "pointcut");
        this.authorizationManager = Objects.requireNonNull(authorizationManager, "authorization manager");
        this.contexts = Objects.requireNonNull(contexts, "security context holder strategy");
        this.order = order;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Supplier<Authentication> authentication = this::authentication;
        AuthorizationResult result = this.authorizationManager.authorize(authentication, invocation);
        if (result != null && !result.isGranted()) {
            if (logger.isDebugEnabled()) {
                logger.debug("Refused " + invocation.getMethod() + ": " + result);
            }
            throw new AuthorizationDeniedException("Access Denied", result);
        }
        return invocation.proceed();
    }

    private Authentication authentication() {
        Authentication authentication = this.contexts.getContext().getAuthentication();
        if (authentication == null) {
            throw new AuthenticationCredentialsNotFoundException("An Authentication object was not found in the SecurityContext");
        }
        return authentication;
    }

    @Override
    public Pointcut getPointcut() {
        return this.pointcut;
    }

    @Override
    public Advice getAdvice() {
        return this;
    }

    @Override
    public boolean isPerInstance() {
        return true;
    }

    @Override
    public int getOrder() {
        return this.order;
    }
}
