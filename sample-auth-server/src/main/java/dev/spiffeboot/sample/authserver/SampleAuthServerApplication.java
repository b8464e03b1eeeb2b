package dev.spiffeboot.sample.authserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An OAuth authorization server for workloads: Spring Security's authorization server, served over SPIFFE mTLS
 * with this workload's X509-SVID, issuing JWT access tokens to clients that authenticate with a JWT-SVID. Everything
 * is configuration, in {@code application.yml}: the starter adds the JWT-SVID client authentication and the
 * endpoints' filter chain.
 */
@SpringBootApplication
public class SampleAuthServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleAuthServerApplication.class, args);
    }
}
