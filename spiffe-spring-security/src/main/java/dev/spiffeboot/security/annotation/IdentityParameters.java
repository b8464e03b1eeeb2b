package dev.spiffeboot.security.annotation;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;

import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Which handler parameters carry the caller's identities, and their values, for the argument resolvers of every
 * web stack: {@link CallerId @CallerId} and {@link PeerId @PeerId} on {@link SpiffeId} (or {@link String})
 * parameters, and any {@link RequestPrincipal} parameter.
 */
public final class IdentityParameters {

    private IdentityParameters() {
    }

    /** Whether the parameter is one of the identities. */
    public static boolean supports(MethodParameter parameter) {
        Class<?> type = parameter.getParameterType();
        if (type == RequestPrincipal.class) {
            return true;
        }
        boolean annotated = parameter.hasParameterAnnotation(CallerId.class) || parameter.hasParameterAnnotation(PeerId.class);
        return annotated && (type == SpiffeId.class || type == String.class);
    }

    /** The parameter's value for a caller, or {@code null} when the caller has no such identity. */
    public static Object valueOf(MethodParameter parameter, Authentication caller) {
        if (!(caller instanceof SpiffeAuthentication authentication)) {
            return null;
        }
        if (parameter.getParameterType() == RequestPrincipal.class) {
            return authentication.requestPrincipal().orElse(null);
        }
        SpiffeId id = parameter.hasParameterAnnotation(PeerId.class) ? authentication.peerId().orElse(null)
                : authentication.callerId().orElse(null);
        return (id != null && parameter.getParameterType() == String.class) ? id.toString() : id;
    }
}
