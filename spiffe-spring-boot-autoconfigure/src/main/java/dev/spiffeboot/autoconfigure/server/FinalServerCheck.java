package dev.spiffeboot.autoconfigure.server;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.server.WebServerFactory;

/**
 * The guard's check once more, on each web server factory as every factory customizer left it. The guard is itself
 * a factory customizer, the last by its order, but a customizer of the application with the same order may still
 * run after it and, say, add a Reactor Netty customizer that takes the TLS away; Spring Boot applies the factory
 * customizers before a factory's initialization, so after it nothing can change the factory any more.
 */
final class FinalServerCheck implements BeanPostProcessor, BeanFactoryAware {

    private BeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof WebServerFactory factory) {
            List<SecuredWebServer> securedServers = this.beanFactory.getBeanProvider(SecuredWebServer.class).orderedStream().toList();
            SpiffeServerGuard.check(factory, securedServers);
        }
        return bean;
    }
}
