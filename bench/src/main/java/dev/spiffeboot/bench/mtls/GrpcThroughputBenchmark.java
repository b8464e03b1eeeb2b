package dev.spiffeboot.bench.mtls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLSession;

import com.google.protobuf.StringValue;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.netty.handler.ssl.SslContext;

import dev.spiffeboot.bench.http.HttpLoad;
import dev.spiffeboot.bench.mtls.MtlsFixture.Variant;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.tls.netty.SpiffeNettySslContexts;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Unary calls per second of the gRPC greeter ({@link GrpcGreeterApplication}) on the starter's SPIFFE mTLS against
 * the same application on Spring gRPC's own TLS from static PEM files of the same certificates (client certificate
 * needed by both), each in a JVM of its own. The load comes from this JVM: grpc-java clients with the client's SVID
 * (the same client TLS for both variants), one thread per channel calling {@code SayHello} as soon as the previous
 * answer is in, on channels opened once and reused by every round, so the figures are what the TLS costs per call on
 * an established connection. Rounds alternate between the variants, and between which goes first; each figure is the
 * median of its rounds, with the ratio of each round's pair and the application's CPU time per call. It prints the
 * TLS version and cipher suite each variant negotiated with the client.
 *
 * <p>Arguments (all optional): channels (2), rounds (6), seconds per round (5), after unmeasured rounds of each for
 * 20 s (at least three). JVM options for both applications come from the {@code BENCH_APP_JVM_OPTS} environment
 * variable (default {@code -Xms256m -Xmx256m}).
 */
public final class GrpcThroughputBenchmark {

    private static final String[] COMMON_ARGUMENTS = { "--spring.main.banner-mode=off", "--logging.level.root=warn",
            "--spring.main.web-application-type=none", "--spring.grpc.server.address=127.0.0.1" };

    private static final StringValue NAME = StringValue.of("bench");

    /** The JIT needs about this long of calls before the rates stop rising; at least three rounds of each either way. */
    private static final Duration WARMUP = Duration.ofSeconds(20);

    private GrpcThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int channels = (args.length > 0) ? Integer.parseInt(args[0]) : 2;
        int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 6;
        Duration round = Duration.ofSeconds((args.length > 2) ? Long.parseLong(args[2]) : 5);
        List<String> jvmOptions = AppJvm.options();
        Map<Variant, List<RoundSample>> samples = new EnumMap<>(Variant.class);
        try (MtlsFixture fixture = MtlsFixture.start(jvmOptions);
                X509Source client = X509Source.builder().address(fixture.clientWorkloadApi()).build()) {
            SslContext clientTls = SpiffeNettySslContexts.client(SpiffeTlsConfig.builder(client)
                .svid(client)
                .authorizer(Authorizer.id(SpiffeId.parse(MtlsApplication.SERVER)))
                .build(), SpiffeNettySslContexts.HTTP_2);
            Map<Variant, AppProcess> apps = new EnumMap<>(Variant.class);
            Map<Variant, List<ManagedChannel>> channelsOf = new EnumMap<>(Variant.class);
            try {
                for (Variant variant : Variant.values()) {
                    int port = HttpLoad.freePort();
                    AppProcess app = AppProcess.start(command(fixture, variant, port), port, fixture.log(variant));
                    apps.put(variant, app);
                    app.awaitPort();
                    List<ManagedChannel> opened = new ArrayList<>();
                    for (int i = 0; i < channels; i++) {
                        opened.add(NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(clientTls).build());
                    }
                    channelsOf.put(variant, opened);
                    System.out.printf(Locale.ROOT, "%s: %s%n", variant.label(), negotiated(opened.get(0)));
                }
                long warmupRounds = Math.max(3, (WARMUP.toMillis() + round.toMillis() - 1) / round.toMillis());
                for (int warmup = 0; warmup < warmupRounds; warmup++) {
                    for (Variant variant : Variant.values()) {
                        measure(apps.get(variant), channelsOf.get(variant), round);
                    }
                }
                for (int i = 0; i < rounds; i++) {
                    List<Variant> order = (i % 2 == 0) ? List.of(Variant.STATIC_PEM, Variant.SPIFFE)
                            : List.of(Variant.SPIFFE, Variant.STATIC_PEM);
                    for (Variant variant : order) {
                        samples.computeIfAbsent(variant, key -> new ArrayList<>())
                            .add(measure(apps.get(variant), channelsOf.get(variant), round));
                    }
                }
            }
            finally {
                for (List<ManagedChannel> opened : channelsOf.values()) {
                    for (ManagedChannel channel : opened) {
                        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                    }
                }
                for (AppProcess app : apps.values()) {
                    app.close();
                }
            }
        }
        report(samples, channels, rounds, round, jvmOptions);
    }

    /** The command line of the variant: SPIFFE from the Workload API, or the static PEM files as an SSL bundle. */
    private static List<String> command(MtlsFixture fixture, Variant variant, int port) {
        List<String> command = fixture.java(GrpcGreeterApplication.class);
        command.add("--spring.grpc.server.port=" + port);
        command.addAll(List.of(COMMON_ARGUMENTS));
        if (variant == Variant.SPIFFE) {
            command.add("--spiffe.workload-api.address=" + fixture.serverWorkloadApi());
        }
        else {
            command.addAll(fixture.staticPemBundle());
            command.add("--spring.grpc.server.ssl.bundle=svid");
            command.add("--spring.grpc.server.ssl.client-auth=require");
        }
        return command;
    }

    private static RoundSample measure(AppProcess app, List<ManagedChannel> channels, Duration round) throws InterruptedException {
        Duration cpuBefore = app.cpu();
        AtomicLong calls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + round.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (ManagedChannel channel : channels) {
            Thread thread = new Thread(() -> call(channel, deadline, calls, failures), "grpc-load-" + threads.size());
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + (calls.get() + failures.get()) + " calls failed");
        }
        double cpuMicros = app.cpu().minus(cpuBefore).toNanos() / 1e3 / calls.get();
        return new RoundSample(calls.get() / seconds, cpuMicros);
    }

    private static void call(ManagedChannel channel, long deadline, AtomicLong calls, AtomicLong failures) {
        while (System.nanoTime() < deadline) {
            try {
                StringValue reply = ClientCalls.blockingUnaryCall(channel, GrpcGreeterApplication.SAY_HELLO,
                        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), NAME);
                if (reply.getValue().equals("Hello bench")) {
                    calls.incrementAndGet();
                }
                else {
                    failures.incrementAndGet();
                }
            }
            catch (StatusRuntimeException ex) {
                failures.incrementAndGet();
            }
        }
    }

    /** The TLS version and cipher suite the channel's connection negotiated, from one call. */
    private static String negotiated(ManagedChannel channel) {
        AtomicReference<SSLSession> session = new AtomicReference<>();
        ClientInterceptor capture = new ClientInterceptor() {

            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {

                    @Override
                    public void start(Listener<R> listener, Metadata headers) {
                        ClientCall<Q, R> call = this;
                        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {

                            @Override
                            public void onHeaders(Metadata responseHeaders) {
                                session.set(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                                super.onHeaders(responseHeaders);
                            }
                        }, headers);
                    }
                };
            }
        };
        ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel, capture), GrpcGreeterApplication.SAY_HELLO,
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), NAME);
        SSLSession negotiated = session.get();
        return (negotiated != null) ? negotiated.getProtocol() + " " + negotiated.getCipherSuite() : "no TLS session";
    }

    private static void report(Map<Variant, List<RoundSample>> samples, int channels, int rounds, Duration round,
            List<String> jvmOptions) {
        System.out.printf(Locale.ROOT, "%nJDK %s (%s), %d processors, %d channels, %d rounds of %d s, application JVMs %s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), channels, rounds, round.toSeconds(), jvmOptions);
        System.out.printf(Locale.ROOT, "unary SayHello on reused channels (target >= 0.95):%n");
        RoundSample.printComparison("call", samples.get(Variant.STATIC_PEM), samples.get(Variant.SPIFFE));
    }
}
