package dev.spiffeboot.sample.common;

import io.grpc.stub.StreamObserver;

import org.springframework.grpc.server.service.GrpcService;

import dev.spiffeboot.sample.common.greeter.GreeterGrpc;
import dev.spiffeboot.security.annotation.AllowSpiffeIds;
import dev.spiffeboot.sample.common.greeter.HelloReply;
import dev.spiffeboot.sample.common.greeter.HelloRequest;

/**
 * grpc's canonical {@code helloworld.Greeter}, served by both sample servers on the gRPC port
 * ({@code spring.grpc.server.port}) over the starter's mTLS: go-spiffe's {@code examples/spiffe-grpc} client talks to
 * it with only its socket and address changed. The handshake checked the caller's SPIFFE ID
 * ({@code spiffe.server.authorized-ids}, inherited by the gRPC server); the annotation is checked per call, with the
 * rule {@code greeter} of {@code spiffe.security.policy}.
 */
@GrpcService
public class GreeterService extends GreeterGrpc.GreeterImplBase {

    @Override
    @AllowSpiffeIds("spiffe://example.org/client")
    public void sayHello(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
        responseObserver.onNext(HelloReply.newBuilder().setMessage("Hello " + request.getName()).build());
        responseObserver.onCompleted();
    }
}
