package dev.spiffeboot.security.authorization;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.aop.MethodMatcher;

import dev.spiffeboot.security.annotation.AllowSpiffeIds;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which methods the annotation advisors select: with an annotation on the class, every method a proxy can intercept,
 * and never a lambda's body (a private synthetic method with the class' annotations), which the reactive advisor
 * would refuse for returning no {@code Publisher}, whatever order the JVM lists the methods in.
 */
class SpiffeAnnotationPointcutTests {

    @Test
    void selectsTheInterceptableMethodsOfAnAnnotatedClass() throws Exception {
        MethodMatcher servlet = SpiffeAnnotationAuthorizationManager.interceptor().getPointcut().getMethodMatcher();
        assertThat(servlet.matches(Annotated.class.getDeclaredMethod("hello"), Annotated.class)).isTrue();
        assertThat(servlet.matches(Annotated.class.getDeclaredMethod("callable"), Annotated.class)).isTrue();
    }

    @Test
    void leavesLambdaBodiesOutOfBothAdvisors() {
        List<Method> lambdas = Arrays.stream(Annotated.class.getDeclaredMethods()).filter(Method::isSynthetic).toList();
        assertThat(lambdas).isNotEmpty();
        MethodMatcher servlet = SpiffeAnnotationAuthorizationManager.interceptor().getPointcut().getMethodMatcher();
        MethodMatcher reactive = SpiffeReactiveAnnotationAuthorizationManager.interceptor().getPointcut().getMethodMatcher();
        for (Method lambda : lambdas) {
            assertThat(servlet.matches(lambda, Annotated.class)).as(lambda.getName()).isFalse();
            assertThat(reactive.matches(lambda, Annotated.class)).as(lambda.getName()).isFalse();
        }
    }

    @AllowSpiffeIds("spiffe://example.org/client")
    static class Annotated {

        Mono<String> hello() {
            return Mono.fromCallable(() -> "hello " + this);
        }

        Callable<String> callable() {
            return () -> "called " + this;
        }
    }
}
