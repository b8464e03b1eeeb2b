package dev.spiffeboot.autoconfigure.server.tomcat;

import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

import dev.spiffeboot.autoconfigure.server.AbstractSpiffeServerAutoConfigurationTests;
import dev.spiffeboot.autoconfigure.server.PeerController;

/** What {@link SpiffeTomcatAutoConfiguration} leaves alone and refuses. */
class SpiffeTomcatAutoConfigurationTests extends AbstractSpiffeServerAutoConfigurationTests {

    SpiffeTomcatAutoConfigurationTests() {
        super(SpiffeTomcatAutoConfiguration.class, Tomcat.class, SpiffeTomcatConnectorCustomizer.class);
    }

    @Override
    protected SpringApplication application() {
        SpringApplication application = new SpringApplication(PeerController.class);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        return application;
    }
}
