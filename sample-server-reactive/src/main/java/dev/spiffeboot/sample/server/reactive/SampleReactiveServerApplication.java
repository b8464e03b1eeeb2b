package dev.spiffeboot.sample.server.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import dev.spiffeboot.sample.common.SampleServerConfiguration;

/**
 * The server side of the classic SPIFFE scenarios, on WebFlux and Reactor Netty: the same identity, TLS and policy
 * as sample-server, from the starter and {@code application.yml}. Annotated controllers return {@code Mono} and
 * {@code Flux}; {@link PolicyRoutes} are functional endpoints that only the policy protects. The raw mTLS socket and
 * the Workload API validation are shared with sample-server ({@link SampleServerConfiguration}).
 */
@SpringBootApplication
@Import(SampleServerConfiguration.class)
public class SampleReactiveServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleReactiveServerApplication.class, args);
    }
}
