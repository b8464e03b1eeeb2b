package dev.spiffeboot.autoconfigure.server;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The check after every factory customizer: a factory that no secured server recognises any more (a customizer ran
 * after the guard and changed it) stops the start-up; other beans pass untouched.
 */
class FinalServerCheckTests {

    private final NettyReactiveWebServerFactory secured = new NettyReactiveWebServerFactory();

    private final FinalServerCheck check = new FinalServerCheck();

    FinalServerCheckTests() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerSingleton("securedServer", (SecuredWebServer) factory -> factory == this.secured);
        this.check.setBeanFactory(beanFactory);
    }

    @Test
    void passesAFactoryASecuredServerRecognises() {
        assertThat(this.check.postProcessAfterInitialization(this.secured, "factory")).isSameAs(this.secured);
    }

    @Test
    void refusesAFactoryNoSecuredServerRecognises() {
        assertThatExceptionOfType(SpiffeServerException.class)
            .isThrownBy(() -> this.check.postProcessAfterInitialization(new NettyReactiveWebServerFactory(), "factory"))
            .withMessageContaining("the web server is Reactor Netty (NettyReactiveWebServerFactory)");
    }

    @Test
    void leavesOtherBeansAlone() {
        Object other = new Object();
        assertThat(this.check.postProcessAfterInitialization(other, "other")).isSameAs(other);
    }
}
