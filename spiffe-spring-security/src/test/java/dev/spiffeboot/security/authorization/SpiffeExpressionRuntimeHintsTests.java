package dev.spiffeboot.security.authorization;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;

import static org.assertj.core.api.Assertions.assertThat;

class SpiffeExpressionRuntimeHintsTests {

    @Test
    void springAotFindsTheHints() {
        assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class)).anyMatch(SpiffeExpressionRuntimeHints.class::isInstance);
    }

    @Test
    void expressionsMayCallEveryPublicMethodOfTheRoot() {
        RuntimeHints hints = hints();
        for (Method method : SpiffeSecurityExpressionRoot.class.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers())) {
                assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method)).as(method.toString()).accepts(hints);
            }
        }
    }

    @Test
    void andTheMethodsOfWhatItsPropertiesGive() throws NoSuchMethodException {
        RuntimeHints hints = hints();
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(SpiffeId.class.getMethod("trustDomain"))).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TrustDomain.class.getMethod("name"))).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RequestPrincipal.class.getMethod("kind"))).accepts(hints);
    }

    private static RuntimeHints hints() {
        RuntimeHints hints = new RuntimeHints();
        new SpiffeExpressionRuntimeHints().registerHints(hints, SpiffeExpressionRuntimeHintsTests.class.getClassLoader());
        return hints;
    }
}
