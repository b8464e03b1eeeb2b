package dev.spiffeboot.devagent;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Refuses calls without {@code workload.spiffe.io: true} with {@code INVALID_ARGUMENT}, as the SPIFFE Workload
 * Endpoint standard requires (sections 3 and 6).
 */
final class SecurityHeaderCheck implements ServerInterceptor {

    private static final Metadata.Key<String> KEY = Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (!"true".equals(headers.get(KEY))) {
            call.close(Status.INVALID_ARGUMENT.withDescription("security header missing from request"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
