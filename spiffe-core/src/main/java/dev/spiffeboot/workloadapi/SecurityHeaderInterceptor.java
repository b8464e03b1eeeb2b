package dev.spiffeboot.workloadapi;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Adds {@code workload.spiffe.io: true} to every call, as the SPIFFE Workload Endpoint standard requires (section 3;
 * it guards the endpoint against server-side request forgery).
 */
final class SecurityHeaderInterceptor implements ClientInterceptor {

    /** The header's key. */
    static final Metadata.Key<String> KEY = Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                headers.put(KEY, "true");
                super.start(listener, headers);
            }
        };
    }
}
