package dev.spiffeboot.security.authorization;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.util.ClassUtils;

/**
 * Registers for reflection every class and interface in the type hierarchy of the beans whose SPIFFE annotations are
 * read at run time: beans that carry them (the annotation rules list the declared methods of each type of the
 * hierarchy and read their annotations) and gRPC services (whose serving methods are found among the declared methods
 * of the class and its super classes, such as protoc's generated {@code ImplBase}). Spring AOT registers the bean
 * classes themselves, not their super types.
 */
final class SpiffeAnnotatedBeansAotProcessor implements BeanRegistrationAotProcessor {

    private static final String GRPC_SERVICE = "io.grpc.BindableService";

    @Override
    public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> type = ClassUtils.getUserClass(registeredBean.getBeanClass());
        if (!isGrpcService(type) && !AnnotationRules.isAnnotated(type)) {
            return null;
        }
        List<Class<?>> hierarchy = hierarchy(type);
        return (generationContext, code) -> {
            ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
            hierarchy.forEach(reflection::registerType);
        };
    }

    private static boolean isGrpcService(Class<?> type) {
        ClassLoader classLoader = type.getClassLoader();
        return ClassUtils.isPresent(GRPC_SERVICE, classLoader)
                && ClassUtils.resolveClassName(GRPC_SERVICE, classLoader).isAssignableFrom(type);
    }

    /** The type, its super classes and all their interfaces, without {@code Object}. */
    static List<Class<?>> hierarchy(Class<?> type) {
        Set<Class<?>> found = new LinkedHashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(type));
        while (!pending.isEmpty()) {
            Class<?> current = pending.pop();
            if (current == Object.class || !found.add(current)) {
                continue;
            }
            if (current.getSuperclass() != null) {
                pending.add(current.getSuperclass());
            }
            pending.addAll(List.of(current.getInterfaces()));
        }
        return List.copyOf(found);
    }
}
