package dev.spiffeboot.autoconfigure.server.tomcat;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.annotation.ImportRuntimeHints;

import static org.assertj.core.api.Assertions.assertThat;

class SpiffeTomcatRuntimeHintsTests {

    @Test
    void tomcatMayCreateTheSslImplementationByItsName() throws NoSuchMethodException {
        RuntimeHints hints = new RuntimeHints();
        new SpiffeTomcatRuntimeHints().registerHints(hints, getClass().getClassLoader());
        // what Tomcat's SSLImplementation.getInstance(className) calls
        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(SpiffeJsseImplementation.class.getConstructor()))
            .accepts(hints);
    }

    @Test
    void theTomcatAutoConfigurationImportsTheHints() {
        assertThat(SpiffeTomcatAutoConfiguration.class.getAnnotation(ImportRuntimeHints.class).value())
            .containsExactly(SpiffeTomcatRuntimeHints.class);
    }
}
