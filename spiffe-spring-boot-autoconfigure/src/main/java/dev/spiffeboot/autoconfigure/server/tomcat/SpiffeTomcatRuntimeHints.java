package dev.spiffeboot.autoconfigure.server.tomcat;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Tomcat creates the connector's SSL implementation from the class name the connector customizer sets, through its
 * public no-argument constructor.
 */
final class SpiffeTomcatRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.reflection().registerType(SpiffeJsseImplementation.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
    }
}
