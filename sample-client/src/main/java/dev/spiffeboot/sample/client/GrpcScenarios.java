package dev.spiffeboot.sample.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;

import org.springframework.grpc.client.GrpcChannelFactory;

import dev.spiffeboot.sample.client.greeter.GreeterGrpc;
import dev.spiffeboot.sample.client.greeter.HelloReply;
import dev.spiffeboot.sample.client.greeter.HelloRequest;
import dev.spiffeboot.security.grpc.client.SpiffeGrpcChannels;

/**
 * The gRPC scenarios against the server's {@code helloworld.Greeter}: channels from Spring gRPC's
 * {@link GrpcChannelFactory}, secured by the starter by name ({@code spiffe.grpc.client.channels.*} in
 * application.yml), with JWT-SVID call credentials from {@link SpiffeGrpcChannels}.
 */
final class GrpcScenarios {

    /** The channel to the server, mTLS with its ID checked. */
    static final String GREETER = "greeter";

    /** A channel to the same server that expects another server ID. */
    static final String GREETER_WRONG_ID = "greeter-wrong-id";

    private static final String NAME = "sample-client";

    private static final long DEADLINE_SECONDS = 10;

    /** {@code grpc.health.v1.Health/Check} with an empty request: a method the server's policy does not allow. */
    private static final MethodDescriptor<byte[], byte[]> HEALTH_CHECK = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("grpc.health.v1.Health/Check")
        .setRequestMarshaller(Bytes.INSTANCE)
        .setResponseMarshaller(Bytes.INSTANCE)
        .build();

    private final SampleClientProperties properties;

    private final GrpcChannelFactory channels;

    private final SpiffeGrpcChannels spiffe;

    GrpcScenarios(SampleClientProperties properties, GrpcChannelFactory channels, SpiffeGrpcChannels spiffe) {
        this.properties = properties;
        this.channels = channels;
        this.spiffe = spiffe;
    }

    List<Scenario> all() {
        String server = this.properties.serverId();
        return List.of(
                new Scenario("gRPC mTLS: Greeter/SayHello", "Hello " + NAME, () -> sayHello(null)),
                new Scenario("gRPC mTLS + JWT-SVID call credentials", "Hello " + NAME, () -> sayHello(server)),
                new Scenario("gRPC JWT-SVID for another audience", "UNAUTHENTICATED invalid_token",
                        () -> refused(() -> greet(GREETER, "spiffe://example.org/some-other-server"), "UNAUTHENTICATED: invalid_token:")),
                new Scenario("gRPC method no rule allows", "PERMISSION_DENIED", () -> refused(this::healthCheck, "PERMISSION_DENIED:")),
                new Scenario("gRPC client expects another server ID", "handshake fails: UNAVAILABLE",
                        () -> refused(() -> greet(GREETER_WRONG_ID, null), "UNAVAILABLE", "unexpected ID \"" + server + "\"")));
    }

    private Outcome sayHello(String audience) {
        if (this.properties.grpcTarget() == null) {
            return Outcome.skipped("set sample.grpc-target");
        }
        String message = greet(GREETER, audience);
        return Outcome.expected(("Hello " + NAME).equals(message), "the server said: " + message);
    }

    /** SayHello on a channel, with a JWT-SVID for the audience when one is given. */
    private String greet(String channelName, String audience) {
        ManagedChannel channel = this.channels.createChannel(channelName);
        try {
            GreeterGrpc.GreeterBlockingStub greeter = GreeterGrpc.newBlockingStub(channel)
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
            if (audience != null) {
                greeter = greeter.withCallCredentials(this.spiffe.jwtSvid(audience));
            }
            HelloReply reply = greeter.sayHello(HelloRequest.newBuilder().setName(NAME).build());
            return reply.getMessage();
        }
        finally {
            channel.shutdownNow();
        }
    }

    private String healthCheck() {
        ManagedChannel channel = this.channels.createChannel(GREETER);
        try {
            ClientCalls.blockingUnaryCall(channel, HEALTH_CHECK, CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS),
                    new byte[0]);
            return "served";
        }
        finally {
            channel.shutdownNow();
        }
    }

    /** A call that must fail with a status whose text starts as given (and whose cause says what is given, if any). */
    private Outcome refused(Call call, String expectedStatus, String... expectedCause) {
        if (this.properties.grpcTarget() == null) {
            return Outcome.skipped("set sample.grpc-target");
        }
        try {
            return Outcome.expected(false, "the call went through: " + call.run());
        }
        catch (StatusRuntimeException ex) {
            // grpc-java's message of a failed connection goes on with the channel pipeline on a second line
            String status = ex.getMessage().lines().findFirst().orElse("");
            String detail = (ex.getCause() != null) ? status + " (" + rootMessage(ex) + ")" : status;
            boolean causeAsExpected = expectedCause.length == 0 || rootMessage(ex).contains(expectedCause[0]);
            return Outcome.expected(status.startsWith(expectedStatus) && causeAsExpected, detail);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    @FunctionalInterface
    private interface Call {

        String run();
    }

    /** Messages as raw bytes. */
    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {

        static final Bytes INSTANCE = new Bytes();

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }
}
