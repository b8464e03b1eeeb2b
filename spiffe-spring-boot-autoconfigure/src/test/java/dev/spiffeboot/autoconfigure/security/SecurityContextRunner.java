package dev.spiffeboot.autoconfigure.security;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtAutoConfiguration;
import dev.spiffeboot.autoconfigure.security.servlet.SpiffeServletSecurityAutoConfiguration;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;

/** A servlet context with the SPIFFE security auto-configurations and Spring Boot's, on a Workload API. */
final class SecurityContextRunner {

    private SecurityContextRunner() {
    }

    static WebApplicationContextRunner on(WorkloadApiAddress address) {
        return new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class, SpiffeJwtAutoConfiguration.class,
                    SpiffeSecurityAutoConfiguration.class, SpiffeServletSecurityAutoConfiguration.class,
                    SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
                    UserDetailsServiceAutoConfiguration.class))
            .withPropertyValues("spiffe.workload-api.address=" + address);
    }
}
