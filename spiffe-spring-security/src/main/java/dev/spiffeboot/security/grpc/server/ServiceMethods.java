package dev.spiffeboot.security.grpc.server;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.stub.StreamObserver;

import org.springframework.aop.support.AopUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The Java method that serves each gRPC method of a service, found as protoc's generated code names them: the RPC
 * {@code SayHello} of {@code helloworld.Greeter} is served by the service class' public method {@code sayHello} that
 * takes or returns a {@link StreamObserver} (case and underscores aside, as grpc-java turns RPC names into lower
 * camel case). A hand-written service whose RPCs have no such methods has none.
 *
 * @param service the class of the service (the target class behind any proxy)
 * @param methods the serving method of each full method name ({@code helloworld.Greeter/SayHello}) that has one
 * @param unmatched the public methods shaped like serving methods that serve none of the service's RPCs
 */
record ServiceMethods(Class<?> service, Map<String, Method> methods, List<Method> unmatched) {

    /**
     * The methods of a service bean.
     *
     * @throws IllegalStateException if an RPC has several candidate methods
     */
    static ServiceMethods of(BindableService bean) {
        Class<?> type = AopUtils.getTargetClass(bean);
        List<Method> candidates = new ArrayList<>();
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
            if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers()) && servesCalls(method)) {
                candidates.add(method);
            }
        }
        Map<String, Method> methods = new HashMap<>();
        for (ServerMethodDefinition<?, ?> definition : bean.bindService().getMethods()) {
            String fullName = definition.getMethodDescriptor().getFullMethodName();
            String rpc = normalized(MethodDescriptor.extractBareMethodName(fullName));
            Method serving = null;
            for (Method candidate : candidates) {
                if (normalized(candidate.getName()).equals(rpc)) {
                    if (serving != null) {
                        throw new IllegalStateException("gRPC method " + fullName + " of " + type.getName() + " has two serving methods, "
                                + serving + " and " + candidate + ": the SPIFFE annotations of the one that serves it are unknown");
                    }
                    serving = candidate;
                }
            }
            if (serving != null) {
                methods.put(fullName, serving);
            }
        }
        List<Method> unmatched = candidates.stream().filter(candidate -> !methods.containsValue(candidate)).toList();
        return new ServiceMethods(type, Map.copyOf(methods), unmatched);
    }

    private static boolean servesCalls(Method method) {
        if (StreamObserver.class.isAssignableFrom(method.getReturnType())) {
            return true;
        }
        for (Class<?> parameter : method.getParameterTypes()) {
            if (StreamObserver.class.isAssignableFrom(parameter)) {
                return true;
            }
        }
        return false;
    }

    private static String normalized(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }
}
