package dev.spiffeboot.security.authorization;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;

import org.aopalliance.intercept.MethodInvocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Pointcut;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.spiffeid.SpiffeId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The method interceptor decides as Spring Security's own and builds no message for a call it lets through. */
class SpiffeAuthorizationMethodInterceptorTests {

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    private final AtomicInteger calls = new AtomicInteger();

    @AfterEach
    void clear() {
        this.contexts.clearContext();
    }

    private void authenticate() {
        SecurityContext context = this.contexts.createEmptyContext();
        context.setAuthentication(new SpiffeAuthentication(SpiffeId.parse("spiffe://example.org/client"), null));
        this.contexts.setContext(context);
    }

    private SpiffeAuthorizationMethodInterceptor interceptor(AuthorizationManager<MethodInvocation> manager) {
        return new SpiffeAuthorizationMethodInterceptor(Pointcut.TRUE, manager, this.contexts, 0);
    }

    @Test
    void aGrantedCallProceedsWithoutDescribingTheInvocation() throws Throwable {
        authenticate();
        Object result = interceptor((authentication, invocation) -> new AuthorizationDecision(authentication.get().isAuthenticated()))
            .invoke(new Invocation());
        assertThat(result).isEqualTo("called");
        assertThat(this.calls).hasValue(1);
    }

    @Test
    void aRefusedCallThrowsTheDecisionAndDoesNotProceed() {
        authenticate();
        ReasonedDecision refused = new ReasonedDecision(false, "caller is not spiffe://example.org/admin");
        assertThatThrownBy(() -> interceptor((authentication, invocation) -> refused).invoke(new Invocation()))
            .isInstanceOfSatisfying(AuthorizationDeniedException.class, ex -> assertThat(ex.getAuthorizationResult()).isSameAs(refused));
        assertThat(this.calls).hasValue(0);
    }

    @Test
    void aCallWithoutAuthenticationIsRefusedAsSpringSecurityDoes() {
        assertThatThrownBy(() -> interceptor((authentication, invocation) -> new AuthorizationDecision(authentication.get() != null))
            .invoke(new Invocation())).isInstanceOf(AuthenticationCredentialsNotFoundException.class);
        assertThat(this.calls).hasValue(0);
    }

    /** A call whose description must not be asked for. */
    private final class Invocation implements MethodInvocation {

        @Override
        public Method getMethod() {
            try {
                return Object.class.getMethod("toString");
            }
            catch (NoSuchMethodException ex) {
                throw new IllegalStateException(ex);
            }
        }

        @Override
        public Object[] getArguments() {
            return new Object[0];
        }

        @Override
        public Object proceed() {
            SpiffeAuthorizationMethodInterceptorTests.this.calls.incrementAndGet();
            return "called";
        }

        @Override
        public Object getThis() {
            return this;
        }

        @Override
        public AccessibleObject getStaticPart() {
            return getMethod();
        }

        @Override
        public String toString() {
            throw new AssertionError("the invocation was described for a log message");
        }
    }
}
