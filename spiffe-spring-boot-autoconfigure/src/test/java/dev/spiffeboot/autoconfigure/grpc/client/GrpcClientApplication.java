package dev.spiffeboot.autoconfigure.grpc.client;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A test application that only makes gRPC channels. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class GrpcClientApplication {

}
