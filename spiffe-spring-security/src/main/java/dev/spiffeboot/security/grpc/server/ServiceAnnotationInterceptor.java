package dev.spiffeboot.security.grpc.server;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.Ordered;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import dev.spiffeboot.security.authorization.SpiffeAnnotationAuthorizationManager;

/**
 * Enforces the SPIFFE annotations ({@code @AllowSpiffeIds}, ...) of gRPC service methods per call, before the call
 * reaches the service: the method serving a call is found when the application has started ({@link ServiceMethods}),
 * its annotations and its class' are read then (a wrong value stops the start-up), and each call is decided with the
 * caller Spring gRPC's security interceptor put in the security context. A refusal ends the call with
 * {@code PERMISSION_DENIED} naming the caller and the method (or {@code UNAUTHENTICATED} without identity) and is
 * logged with the annotation that refused. Services need no proxy for this, so a service extending protoc's generated
 * base class, whose {@code bindService()} is final, is enforced as written.
 */
public final class ServiceAnnotationInterceptor implements ServerInterceptor, Ordered, SmartInitializingSingleton {

    private final ListableBeanFactory beans;

    private final SecurityContextHolderStrategy contexts;

    private final SpiffeAnnotationAuthorizationManager annotations = new SpiffeAnnotationAuthorizationManager();

    /** The serving method and its class, of each annotated gRPC method. */
    private volatile Map<String, Target> annotated = Map.of();

    /** An interceptor for the gRPC services among these beans, reading the caller from the global security context. */
    public ServiceAnnotationInterceptor(ListableBeanFactory beans) {
        this(beans, SecurityContextHolder.getContextHolderStrategy());
    }

    /** An interceptor for the gRPC services among these beans, reading the caller from the given strategy. */
    public ServiceAnnotationInterceptor(ListableBeanFactory beans, SecurityContextHolderStrategy contexts) {
        this.beans = Objects.requireNonNull(beans, "beans");
        this.contexts = Objects.requireNonNull(contexts, "security context holder strategy");
    }

    /**
     * Finds the annotated methods of every gRPC service bean, reading (and so checking) their annotations.
     *
     * @throws IllegalArgumentException for an annotation with a wrong value
     * @throws IllegalStateException for a gRPC method with two serving methods, or an annotated method shaped like a
     * serving method that serves no RPC (its annotations would have no effect)
     */
    @Override
    public void afterSingletonsInstantiated() {
        Map<String, Target> found = new HashMap<>();
        for (BindableService service : this.beans.getBeansOfType(BindableService.class, false, false).values()) {
            ServiceMethods methods = ServiceMethods.of(service);
            methods.methods().forEach((fullName, method) -> {
                if (this.annotations.hasRule(method, methods.service())) {
                    found.put(fullName, new Target(method, methods.service()));
                }
            });
            for (Method method : methods.unmatched()) {
                if (this.annotations.hasRule(method, methods.service())) {
                    throw new IllegalStateException("SPIFFE authorization annotations on " + methods.service().getName() + "."
                            + method.getName() + " apply to no gRPC method of the service"
                            + ": a method serves an RPC when it is named as protoc names it (RPC SayHello, method sayHello)");
                }
            }
        }
        this.annotated = Map.copyOf(found);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Target target = this.annotated.get(call.getMethodDescriptor().getFullMethodName());
        if (target != null) {
            AuthorizationResult result = this.annotations.authorize(() -> this.contexts.getContext().getAuthentication(),
                    target.method(), target.service());
            if (result != null && !result.isGranted()) {
                throw CallRefusals.refused(this.contexts.getContext().getAuthentication(),
                        "/" + call.getMethodDescriptor().getFullMethodName(), new AuthorizationDeniedException("Access Denied", result));
            }
        }
        return next.startCall(call, headers);
    }

    /** Inside Spring gRPC's security interceptor, which sets the security context. */
    @Override
    public int getOrder() {
        return GrpcSecurity.CONTEXT_FILTER_ORDER + 10;
    }

    private record Target(Method method, Class<?> service) {
    }
}
