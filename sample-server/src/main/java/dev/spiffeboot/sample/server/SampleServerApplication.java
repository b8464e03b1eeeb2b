package dev.spiffeboot.sample.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The server side of the classic SPIFFE scenarios. Its identity, TLS and policy come from the starter and
 * {@code application.yml}; the controllers only carry annotations.
 */
@SpringBootApplication
@EnableConfigurationProperties(HelloSocketProperties.class)
public class SampleServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleServerApplication.class, args);
    }
}
