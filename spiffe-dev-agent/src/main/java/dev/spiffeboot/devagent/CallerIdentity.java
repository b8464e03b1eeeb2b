package dev.spiffeboot.devagent;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/** Makes the caller's peer credentials (when the transport has them) available to the service through the context. */
final class CallerIdentity implements ServerInterceptor {

    static final Context.Key<PeerCredentials> CREDENTIALS = Context.key("spiffe-dev-agent.caller");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        PeerCredentials credentials = call.getAttributes().get(PeerCredentialsNegotiator.PEER_CREDENTIALS);
        return Contexts.interceptCall(Context.current().withValue(CREDENTIALS, credentials), call, headers, next);
    }

    /** The credentials of the current call's caller, or {@code null} when the transport cannot tell (TCP). */
    static PeerCredentials current() {
        return CREDENTIALS.get();
    }
}
