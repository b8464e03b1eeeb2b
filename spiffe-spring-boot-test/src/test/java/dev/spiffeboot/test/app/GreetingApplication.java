package dev.spiffeboot.test.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small SPIFFE-secured application the tests of the test support run. */
@SpringBootApplication
public class GreetingApplication {

}
