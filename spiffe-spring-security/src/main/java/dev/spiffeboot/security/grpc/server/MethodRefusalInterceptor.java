package dev.spiffeboot.security.grpc.server;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import org.springframework.core.Ordered;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Ends a call that the code it runs refused (annotated beans it calls, {@code @PreAuthorize}) with the status and
 * the log line a refusal by the policy gets: {@code PERMISSION_DENIED} naming the caller and the method, or
 * {@code UNAUTHENTICATED} without identity. It runs inside Spring gRPC's security interceptor, where the caller is
 * still in the security context, which is cleared before an exception handler sees the refusal.
 */
public final class MethodRefusalInterceptor implements ServerInterceptor, Ordered {

    private final SecurityContextHolderStrategy contexts;

    /** An interceptor reading the caller from the global security context. */
    public MethodRefusalInterceptor() {
        this(SecurityContextHolder.getContextHolderStrategy());
    }

    /** An interceptor reading the caller from the given security context strategy. */
    public MethodRefusalInterceptor(SecurityContextHolderStrategy contexts) {
        this.contexts = contexts;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        ServerCall.Listener<Q> listener;
        try {
            // streaming calls invoke the service method here already
            listener = next.startCall(call, headers);
        }
        catch (AccessDeniedException ex) {
            throw refused(method, ex);
        }
        return new SimpleForwardingServerCallListener<>(listener) {

            @Override
            public void onMessage(Q message) {
                try {
                    super.onMessage(message);
                }
                catch (AccessDeniedException ex) {
                    throw refused(method, ex);
                }
            }

            @Override
            public void onHalfClose() {
                try {
                    super.onHalfClose();
                }
                catch (AccessDeniedException ex) {
                    throw refused(method, ex);
                }
            }
        };
    }

    private RuntimeException refused(MethodDescriptor<?, ?> method, AccessDeniedException denied) {
        return CallRefusals.refused(this.contexts.getContext().getAuthentication(), "/" + method.getFullMethodName(), denied);
    }

    /** Inside Spring gRPC's security interceptor, which sets the security context. */
    @Override
    public int getOrder() {
        return GrpcSecurity.CONTEXT_FILTER_ORDER + 20;
    }
}
