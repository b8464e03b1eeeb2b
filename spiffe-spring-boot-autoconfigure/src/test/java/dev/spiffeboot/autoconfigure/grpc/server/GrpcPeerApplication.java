package dev.spiffeboot.autoconfigure.grpc.server;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** A test application that serves {@link PeerService} on Spring gRPC's server and runs no web server. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class GrpcPeerApplication {

    @Bean
    PeerService peerService() {
        return new PeerService();
    }
}
