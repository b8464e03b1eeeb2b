package dev.spiffeboot.sample.server;

import io.grpc.stub.StreamObserver;

import org.springframework.grpc.server.service.GrpcService;

import dev.spiffeboot.sample.server.greeter.GreeterGrpc;
import dev.spiffeboot.sample.server.greeter.HelloReply;
import dev.spiffeboot.sample.server.greeter.HelloRequest;

/**
 * grpc's canonical {@code helloworld.Greeter}, served on the gRPC port ({@code spring.grpc.server.port}) over the
 * starter's mTLS: go-spiffe's {@code examples/spiffe-grpc} client talks to it with only its socket and address
 * changed. The handshake already checked the caller's SPIFFE ID ({@code spiffe.server.authorized-ids}, inherited by
 * the gRPC server).
 */
@GrpcService
public class GreeterService extends GreeterGrpc.GreeterImplBase {

    @Override
    public void sayHello(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
        responseObserver.onNext(HelloReply.newBuilder().setMessage("Hello " + request.getName()).build());
        responseObserver.onCompleted();
    }
}
