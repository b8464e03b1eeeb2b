package dev.spiffeboot.security.grpc.client;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

/** Gives every call of a channel the call credentials, unless the call brings its own. */
final class CallCredentialsInterceptor implements ClientInterceptor {

    private final CallCredentials credentials;

    CallCredentialsInterceptor(CallCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        CallOptions withCredentials = (options.getCredentials() != null) ? options : options.withCallCredentials(this.credentials);
        return next.newCall(method, withCredentials);
    }
}
