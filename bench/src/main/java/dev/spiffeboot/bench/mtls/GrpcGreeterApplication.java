package dev.spiffeboot.bench.mtls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application of {@code bench/run grpc}, started as a process of its own with no web server, only Spring gRPC's
 * Netty server: either with the starter's SPIFFE mTLS (a Workload API address, the default auto-configuration, client
 * certificate needed) or with Spring gRPC's own TLS from static PEM files ({@code spring.grpc.server.ssl.bundle},
 * {@code client-auth: require}). Its one service is a greeter shaped like grpc's {@code helloworld.Greeter}, with UTF-8
 * strings for messages, so that the benchmark needs no generated code.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class GrpcGreeterApplication {

    /** {@code helloworld.Greeter/SayHello}: a name in, "Hello " and the name out. */
    static final MethodDescriptor<String, String> SAY_HELLO = MethodDescriptor.<String, String>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("helloworld.Greeter/SayHello")
        .setRequestMarshaller(Utf8.INSTANCE)
        .setResponseMarshaller(Utf8.INSTANCE)
        .build();

    @Bean
    BindableService greeter() {
        return () -> ServerServiceDefinition.builder("helloworld.Greeter")
            .addMethod(SAY_HELLO, ServerCalls.asyncUnaryCall((name, responses) -> {
                responses.onNext("Hello " + name);
                responses.onCompleted();
            }))
            .build();
    }

    public static void main(String[] args) {
        SpringApplication.run(GrpcGreeterApplication.class, args);
    }

    /** Messages as UTF-8 text. */
    enum Utf8 implements MethodDescriptor.Marshaller<String> {

        INSTANCE;

        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
