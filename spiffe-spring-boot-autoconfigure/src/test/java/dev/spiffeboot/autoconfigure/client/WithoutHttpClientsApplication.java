package dev.spiffeboot.autoconfigure.client;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** Started in a child JVM by {@link WithoutHttpClientsTests}: starts with the SPIFFE auto-configuration and ends. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class WithoutHttpClientsApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(WithoutHttpClientsApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args).close();
    }
}
