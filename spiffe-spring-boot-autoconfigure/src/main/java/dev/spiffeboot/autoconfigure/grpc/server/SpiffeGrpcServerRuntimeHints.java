package dev.spiffeboot.autoconfigure.grpc.server;

import java.util.List;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * The SPIFFE gRPC server factory gets Spring Boot's server builder customizers by calling the {@code forFactory()}
 * method of Boot's package-private customizers bean reflectively.
 */
final class SpiffeGrpcServerRuntimeHints implements RuntimeHintsRegistrar {

    /** The class of Spring Boot's {@code grpcServerBuilderCustomizers} bean. */
    static final String BUILDER_CUSTOMIZERS_CLASS = "org.springframework.boot.grpc.server.autoconfigure.GrpcServerBuilderCustomizers";

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.reflection().registerType(TypeReference.of(BUILDER_CUSTOMIZERS_CLASS),
                type -> type.withMethod("forFactory", List.of(), ExecutableMode.INVOKE));
    }
}
