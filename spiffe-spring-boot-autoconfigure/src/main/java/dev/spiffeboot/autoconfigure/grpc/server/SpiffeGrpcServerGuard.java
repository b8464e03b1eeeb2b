package dev.spiffeboot.autoconfigure.grpc.server;

import java.util.Map;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.InProcessGrpcServerFactory;
import org.springframework.util.ClassUtils;

/**
 * Refuses, once every singleton is created and before any gRPC server starts (Spring gRPC starts them with the
 * context's lifecycle), every gRPC server that would serve without the SPIFFE TLS while it is on: a server factory
 * other than the starter's, gRPC over the servlet container, and {@code spring.grpc.server.ssl.*} settings that
 * would compete with it. With the SPIFFE TLS off, it still refuses {@code spring.grpc.server.ssl.bundle=spiffe}.
 */
final class SpiffeGrpcServerGuard implements SmartInitializingSingleton {

    /** The settings with which Spring gRPC would configure the server's TLS itself. */
    private static final String[] CONFLICTING_PROPERTIES = { "spring.grpc.server.ssl.enabled",
            "spring.grpc.server.ssl.bundle", "spring.grpc.server.ssl.client-auth", "spring.grpc.server.ssl.secure" };

    /** By name: it needs the servlet API, which a gRPC-only application lacks. */
    private static final String SERVLET_REGISTRATION = "org.springframework.boot.grpc.server.GrpcServletRegistration";

    private final ListableBeanFactory beanFactory;

    private final Environment environment;

    private final boolean on;

    private final boolean hasX509Source;

    /**
     * @param on whether the gRPC server's SPIFFE TLS is on
     * @param hasX509Source whether there is an X509-SVID source to serve it with
     */
    SpiffeGrpcServerGuard(ListableBeanFactory beanFactory, Environment environment, boolean on, boolean hasX509Source) {
        this.beanFactory = beanFactory;
        this.environment = environment;
        this.on = on;
        this.hasX509Source = hasX509Source;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!this.on) {
            if ("spiffe".equals(this.environment.getProperty("spring.grpc.server.ssl.bundle"))) {
                throw SpiffeGrpcServerException.spiffeBundle();
            }
            return;
        }
        if (!this.hasX509Source) {
            throw SpiffeGrpcServerException.noWorkloadApi();
        }
        for (String conflicting : CONFLICTING_PROPERTIES) {
            if (this.environment.getProperty(conflicting) != null) {
                throw SpiffeGrpcServerException.conflictingSetting(conflicting);
            }
        }
        for (Map.Entry<String, GrpcServerFactory> factory : this.beanFactory.getBeansOfType(GrpcServerFactory.class).entrySet()) {
            if (!(factory.getValue() instanceof SpiffeNettyGrpcServerFactory)) {
                throw SpiffeGrpcServerException.unsecuredServer(describe(factory.getKey(), factory.getValue()));
            }
        }
        ClassLoader classLoader = getClass().getClassLoader();
        if (ClassUtils.isPresent(SERVLET_REGISTRATION, classLoader) && this.beanFactory
            .getBeanNamesForType(ClassUtils.resolveClassName(SERVLET_REGISTRATION, classLoader)).length > 0) {
            throw SpiffeGrpcServerException.unsecuredServer("gRPC over the servlet container (GrpcServletRegistration, "
                    + "spring.grpc.server.servlet.enabled)");
        }
    }

    private static String describe(String beanName, GrpcServerFactory factory) {
        String type = factory.getClass().getSimpleName();
        if (factory instanceof InProcessGrpcServerFactory) {
            return "the in-process gRPC server (" + type + ", spring.grpc.server.inprocess.name)";
        }
        if (factory.getClass().getName().equals("org.springframework.grpc.server.ShadedNettyGrpcServerFactory")) {
            return "the grpc-netty-shaded gRPC server (" + type + "; io.grpc:grpc-netty is missing)";
        }
        return "the gRPC server of the factory bean '" + beanName + "' (" + type + ")";
    }
}
