package dev.spiffeboot.autoconfigure.security;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** Started in a child JVM by {@link ResourceMetadataWithoutJsonTests}: a servlet application that starts and ends. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class NoJsonLibraryApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(NoJsonLibraryApplication.class);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        application.run(args).close();
    }
}
