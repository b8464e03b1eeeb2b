package dev.spiffeboot.autoconfigure.grpc.client;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.spiffeboot.autoconfigure.grpc.server.PeerService;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;
import dev.spiffeboot.workloadapi.JwtSource;

/**
 * The server of the client tests: Spring gRPC's server secured by the starter, with {@link PeerService} and
 * {@link CallerService}, which validates JWT-SVIDs for its own SPIFFE ID as the audience.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class GrpcServerApplication {

    static final String AUDIENCE = "spiffe://example.org/server";

    @Bean
    PeerService peerService() {
        return new PeerService();
    }

    @Bean
    CallerService callerService(JwtSource jwtSource) {
        return new CallerService(JwtSvidValidator.of(jwtSource), AUDIENCE);
    }
}
