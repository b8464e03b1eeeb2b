package dev.spiffeboot.security.grpc.server;

import java.util.Optional;

import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Who is calling, inside a gRPC service method:
 *
 * <pre>{@code
 * public void sayHello(HelloRequest request, StreamObserver<HelloReply> replies) {
 *     SpiffeId caller = SpiffeGrpcCaller.callerId().orElseThrow();
 *     ...
 * }
 * }</pre>
 * Read from the security context Spring gRPC sets around the service's code, else from the gRPC {@code Context} of
 * the call ({@link GrpcSecurity#SECURITY_CONTEXT_KEY}), which also reaches code the service runs with
 * {@code Context.current().wrap(...)} on other threads.
 */
public final class SpiffeGrpcCaller {

    private SpiffeGrpcCaller() {
    }

    /** The SPIFFE authentication of the current call: the mTLS peer, the bearer token's principal, or both. */
    public static Optional<SpiffeAuthentication> authentication() {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current == null) {
            SecurityContext context = GrpcSecurity.SECURITY_CONTEXT_KEY.get();
            current = (context != null) ? context.getAuthentication() : null;
        }
        return (current instanceof SpiffeAuthentication spiffe) ? Optional.of(spiffe) : Optional.empty();
    }

    /** The calling workload's SPIFFE ID: the JWT-SVID's when the call carried one, else the mTLS peer's. */
    public static Optional<SpiffeId> callerId() {
        return authentication().flatMap(SpiffeAuthentication::callerId);
    }

    /** The SPIFFE ID of the call's mTLS peer. */
    public static Optional<SpiffeId> peerId() {
        return authentication().flatMap(SpiffeAuthentication::peerId);
    }
}
