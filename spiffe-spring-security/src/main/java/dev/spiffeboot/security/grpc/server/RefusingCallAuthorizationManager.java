package dev.spiffeboot.security.grpc.server;

import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.grpc.server.security.CallContext;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;

/**
 * Ends a call its delegate refuses with the status the caller gets ({@code PERMISSION_DENIED} naming the caller and
 * the method, or {@code UNAUTHENTICATED}) and logs the refusal with its reason, instead of returning the decision:
 * Spring gRPC's interceptor would turn a refusal into a bare "Access denied", which says neither who nor what.
 */
public final class RefusingCallAuthorizationManager implements AuthorizationManager<CallContext> {

    private final AuthorizationManager<CallContext> delegate;

    /** Refusals of the delegate end the call. */
    public RefusingCallAuthorizationManager(AuthorizationManager<CallContext> delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * The delegate's decision when it grants the call.
     *
     * @throws io.grpc.StatusRuntimeException with the status of the refusal otherwise
     */
    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, CallContext call) {
        AuthorizationResult result = this.delegate.authorize(authentication, call);
        if (result != null && result.isGranted()) {
            return result;
        }
        AuthorizationResult refusal = (result != null) ? result : new AuthorizationDecision(false);
        throw CallRefusals.refused(authentication.get(), SpiffeCallPolicy.path(call),
                new AuthorizationDeniedException("Access Denied", refusal));
    }
}
