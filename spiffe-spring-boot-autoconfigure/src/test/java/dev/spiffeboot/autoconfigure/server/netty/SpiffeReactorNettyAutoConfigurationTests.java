package dev.spiffeboot.autoconfigure.server.netty;

import reactor.netty.http.server.HttpServer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

import dev.spiffeboot.autoconfigure.server.AbstractSpiffeServerAutoConfigurationTests;

/** What {@link SpiffeReactorNettyAutoConfiguration} leaves alone and refuses. */
class SpiffeReactorNettyAutoConfigurationTests extends AbstractSpiffeServerAutoConfigurationTests {

    SpiffeReactorNettyAutoConfigurationTests() {
        super(SpiffeReactorNettyAutoConfiguration.class, HttpServer.class, SpiffeNettyServerCustomizer.class);
    }

    @Override
    protected SpringApplication application() {
        SpringApplication application = new SpringApplication(ReactivePeerApplication.class);
        application.setWebApplicationType(WebApplicationType.REACTIVE);
        return application;
    }
}
