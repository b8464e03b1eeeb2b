package dev.spiffeboot.bench.mtls;

import com.google.protobuf.StringValue;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application of {@code bench/run grpc}, started as a process of its own with no web server, only Spring gRPC's
 * Netty server: either with the starter's SPIFFE mTLS (a Workload API address, the default auto-configuration, client
 * certificate needed) or with Spring gRPC's own TLS from static PEM files ({@code spring.grpc.server.ssl.bundle},
 * {@code client-auth: require}). Its one service is a greeter with the method and wire format of grpc's
 * {@code helloworld.Greeter}, written without generated code.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class GrpcGreeterApplication {

    /**
     * {@code helloworld.Greeter/SayHello}: a name in, "Hello " and the name out. Protobuf's {@code StringValue} has
     * the wire format of the greeter's {@code HelloRequest} and {@code HelloReply} (one string, field 1).
     */
    static final MethodDescriptor<StringValue, StringValue> SAY_HELLO = MethodDescriptor.<StringValue, StringValue>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("helloworld.Greeter/SayHello")
        .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
        .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
        .build();

    @Bean
    BindableService greeter() {
        return () -> ServerServiceDefinition.builder("helloworld.Greeter")
            .addMethod(SAY_HELLO, ServerCalls.asyncUnaryCall((name, responses) -> {
                responses.onNext(StringValue.of("Hello " + name.getValue()));
                responses.onCompleted();
            }))
            .build();
    }

    public static void main(String[] args) {
        SpringApplication.run(GrpcGreeterApplication.class, args);
    }
}
