package dev.spiffeboot.autoconfigure.grpc.server;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** A gRPC-only test application with {@link PeerService} and the annotated {@link CallerService}. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class GrpcSecurityApplication {

    @Bean
    PeerService peerService() {
        return new PeerService();
    }

    @Bean
    CallerService.AdminGreeting adminGreeting() {
        return new CallerService.AdminGreeting();
    }

    @Bean
    CallerService callerService(CallerService.AdminGreeting adminGreeting) {
        return new CallerService(adminGreeting);
    }
}
