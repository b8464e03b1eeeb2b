package dev.spiffeboot.test.reactiveapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The reactive twin of {@link dev.spiffeboot.test.app.GreetingApplication}. */
@SpringBootApplication
public class ReactiveGreetingApplication {

}
