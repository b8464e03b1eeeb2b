package dev.spiffeboot.sample.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import dev.spiffeboot.sample.common.SampleServerConfiguration;

/**
 * The server side of the classic SPIFFE scenarios, on Spring MVC. Its identity, TLS and policy come from the starter
 * and {@code application.yml}; the controllers only carry annotations. The raw mTLS socket and the Workload API
 * validation are shared with sample-server-reactive ({@link SampleServerConfiguration}).
 */
@SpringBootApplication
@Import(SampleServerConfiguration.class)
public class SampleServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleServerApplication.class, args);
    }
}
