package dev.spiffeboot.autoconfigure.grpc.server;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import dev.spiffeboot.security.annotation.AllowSpiffeIds;
import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.security.grpc.server.SpiffeGrpcCaller;

/**
 * A gRPC service shaped as protoc's generated base classes are ({@code bindService()} final, binding the service's
 * own methods), so that the SPIFFE annotations apply to its methods: {@code spiffe.test.Caller/Who} answers the
 * caller as {@link SpiffeGrpcCaller} sees it, {@code spiffe.test.Caller/Admin} the same for the admin only, and
 * {@code spiffe.test.Caller/Delegate} asks a bean whose own annotation allows the admin only.
 */
public class CallerService implements BindableService {

    static final String ADMIN_ID = "spiffe://example.org/admin";

    static final MethodDescriptor<String, String> WHO = method("spiffe.test.Caller/Who");

    static final MethodDescriptor<String, String> ADMIN = method("spiffe.test.Caller/Admin");

    static final MethodDescriptor<String, String> DELEGATE = method("spiffe.test.Caller/Delegate");

    private final AdminGreeting greeting;

    /** A service without the delegating method's helper (its calls fail). */
    public CallerService() {
        this(null);
    }

    /** A service whose {@code Delegate} method asks the helper, whose method carries its own annotation. */
    public CallerService(AdminGreeting greeting) {
        this.greeting = greeting;
    }

    @Override
    public final ServerServiceDefinition bindService() {
        return ServerServiceDefinition.builder("spiffe.test.Caller")
            .addMethod(WHO, ServerCalls.asyncUnaryCall(this::who))
            .addMethod(ADMIN, ServerCalls.asyncUnaryCall(this::admin))
            .addMethod(DELEGATE, ServerCalls.asyncUnaryCall(this::delegate))
            .build();
    }

    public void who(String request, StreamObserver<String> replies) {
        replies.onNext(describeCaller());
        replies.onCompleted();
    }

    @AllowSpiffeIds(ADMIN_ID)
    public void admin(String request, StreamObserver<String> replies) {
        replies.onNext(describeCaller());
        replies.onCompleted();
    }

    public void delegate(String request, StreamObserver<String> replies) {
        replies.onNext(this.greeting.greet());
        replies.onCompleted();
    }

    /** A bean the service calls, annotated itself: its refusal happens inside the call. */
    public static class AdminGreeting {

        @AllowSpiffeIds(ADMIN_ID)
        public String greet() {
            return "hello admin";
        }
    }

    /** {@code caller=<ID> peer=<ID> token=<kind>}, "none" for what is missing. */
    private static String describeCaller() {
        return "caller=" + SpiffeGrpcCaller.callerId().map(Object::toString).orElse("none") + " peer="
                + SpiffeGrpcCaller.peerId().map(Object::toString).orElse("none") + " token="
                + SpiffeGrpcCaller.authentication().flatMap(SpiffeAuthentication::requestPrincipal)
                    .map(principal -> principal.kind().toString()).orElse("none");
    }

    private static MethodDescriptor<String, String> method(String name) {
        return MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(name)
            .setRequestMarshaller(PeerService.Utf8.INSTANCE)
            .setResponseMarshaller(PeerService.Utf8.INSTANCE)
            .build();
    }
}
