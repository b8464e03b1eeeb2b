package dev.spiffeboot.security.grpc.server;

import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.grpc.server.security.CallContext;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;

import dev.spiffeboot.security.policy.AuthorizationPolicy;

/**
 * The rules of {@code spiffe.security.policy} for gRPC calls, as Istio applies an AuthorizationPolicy to gRPC: the
 * path a rule's {@code to.paths} sees is the call's full method name with a leading slash
 * ({@code /helloworld.Greeter/SayHello}, so {@code /helloworld.Greeter/*} matches a whole service), and its method
 * is always {@code POST}. The same rules decide HTTP requests and gRPC calls.
 */
public final class SpiffeCallPolicy implements AuthorizationManager<CallContext> {

    /** The method every gRPC call has for the rules, as for Istio: gRPC runs over HTTP/2 POST requests. */
    public static final String METHOD = "POST";

    private final AuthorizationPolicy policy;

    /** The policy as an authorization manager of gRPC calls. */
    public SpiffeCallPolicy(AuthorizationPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, CallContext call) {
        return this.policy.decide(authentication.get(), METHOD, () -> path(call));
    }

    /** The path of a call for the rules: {@code /} and the full method name. */
    static String path(CallContext call) {
        return "/" + call.method().getFullMethodName();
    }
}
