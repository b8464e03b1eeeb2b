package dev.spiffeboot.security.authorization;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * SpEL calls the methods of a {@code SpiffeAuthorize} expression reflectively: those of its root
 * ({@link SpiffeSecurityExpressionRoot}) and of the values the root's properties give ({@code caller},
 * {@code peer}, {@code requestPrincipal}), which an expression may call in turn ({@code caller.trustDomain()}).
 */
final class SpiffeExpressionRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        for (Class<?> type : new Class<?>[] { SpiffeSecurityExpressionRoot.class, SpiffeId.class, TrustDomain.class,
                RequestPrincipal.class }) {
            hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
        }
    }
}
