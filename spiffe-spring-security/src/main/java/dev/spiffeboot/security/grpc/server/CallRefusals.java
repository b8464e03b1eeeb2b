package dev.spiffeboot.security.grpc.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.security.authorization.Refusals;

/**
 * How a refused gRPC call ends, for the policy and the annotations alike: a caller with a SPIFFE identity gets
 * {@code PERMISSION_DENIED} naming itself and the method (never the policy), and the log gets the line HTTP
 * refusals get, with the rule or annotation that refused; a caller without identity gets {@code UNAUTHENTICATED}.
 */
final class CallRefusals {

    private static final Log logger = LogFactory.getLog(CallRefusals.class);

    static final String AUTHENTICATION_REQUIRED = "authentication required: present an X509-SVID (mTLS) or a bearer token";

    private CallRefusals() {
    }

    /**
     * The exception that ends a refused call, after logging the refusal.
     *
     * @param caller the call's authentication ({@code null} or anonymous without identity)
     * @param path the call's path, {@code /package.Service/Method}
     * @param denied why it was refused
     */
    static StatusRuntimeException refused(Authentication caller, String path, AccessDeniedException denied) {
        if (!(caller instanceof SpiffeAuthentication spiffe)) {
            return Status.UNAUTHENTICATED.withDescription(AUTHENTICATION_REQUIRED).asRuntimeException();
        }
        logger.warn(Refusals.accessDeniedLog(spiffe.getName(), SpiffeCallPolicy.METHOD, path, denied));
        return Status.PERMISSION_DENIED.withDescription(spiffe.getName() + " may not call " + path).asRuntimeException();
    }
}
