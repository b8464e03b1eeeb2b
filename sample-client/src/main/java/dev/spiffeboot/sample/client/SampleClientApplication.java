package dev.spiffeboot.sample.client;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The client side of the classic SPIFFE scenarios: runs each against sample-server, prints one line per scenario,
 * and exits 0 only if every one behaved as expected.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleClientProperties.class)
public class SampleClientApplication {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(SampleClientApplication.class, args)));
    }
}
