package dev.spiffeboot.internal.grpc;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.spiffeboot.internal.grpc.ScriptedHttp2Server.Connection;
import dev.spiffeboot.internal.grpc.ScriptedHttp2Server.Frame;
import dev.spiffeboot.internal.grpc.ScriptedHttp2Server.Request;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gRPC client channel against a server whose every frame the test writes: well-formed answers, and the malformed,
 * hostile or broken ones that must end a call with a status that says what happened, never a hang.
 */
class GrpcChannelTests {

    private static final String METHOD = "/SpiffeWorkloadAPI/FetchX509SVID";

    private static final byte[] REQUEST = { 0x0a, 0x01, 0x61 };

    private static final ThreadFactory READERS = runnable -> {
        Thread thread = new Thread(runnable, "test-http2-reader");
        thread.setDaemon(true);
        return thread;
    };

    @TempDir
    Path directory;

    private ScheduledExecutorService timers;

    private ScriptedHttp2Server server;

    private GrpcChannel channel;

    @BeforeEach
    void start() throws IOException {
        this.timers = Executors.newSingleThreadScheduledExecutor();
        this.server = new ScriptedHttp2Server(this.directory);
        this.channel = channel(GrpcChannel.DEFAULT_MAX_MESSAGE_SIZE);
    }

    private GrpcChannel channel(int maxMessageSize) {
        return new GrpcChannel(this.server.address(), List.of(Map.entry("workload.spiffe.io", "true")), READERS, this.timers,
                maxMessageSize);
    }

    @AfterEach
    void stop() throws IOException {
        this.channel.close();
        this.server.close();
        this.timers.shutdownNow();
    }

    @Test
    void sendsTheRequestAndDeliversTheResponseSplitAcrossPaddedFrames() throws Exception {
        Recorder call = start(Duration.ofSeconds(10));
        try (Connection connection = this.server.accept()) {
            connection.settings();
            Request request = connection.readRequest();
            assertThat(request.header(":method")).isEqualTo("POST");
            assertThat(request.header(":scheme")).isEqualTo("http");
            assertThat(request.header(":path")).isEqualTo(METHOD);
            assertThat(request.header("content-type")).isEqualTo("application/grpc");
            assertThat(request.header("te")).isEqualTo("trailers");
            assertThat(request.header("workload.spiffe.io")).isEqualTo("true");
            assertThat(request.header("grpc-timeout")).matches("\\d{1,8}[numSMH]");
            assertThat(request.body()).isEqualTo(MessageDeframer.frame(REQUEST));
            connection.responseHeaders(request.streamId());
            byte[] framed = MessageDeframer.frame("hello".getBytes(StandardCharsets.US_ASCII));
            byte[] padded = new byte[1 + 3 + 3];
            padded[0] = 3;
            System.arraycopy(framed, 0, padded, 1, 3);
            connection.write(Http2.TYPE_DATA, Http2.FLAG_PADDED, request.streamId(), padded);
            connection.write(Http2.TYPE_DATA, 0, request.streamId(), Arrays.copyOfRange(framed, 3, framed.length));
            connection.trailers(request.streamId(), 0, null);
            assertThat(call.nextMessage()).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
            assertThat(call.status().code()).isEqualTo(GrpcCode.OK);
        }
    }

    @Test
    void deliversTheMessagesOfAStreamInOrderAndAnEmptyMessage() throws Exception {
        Recorder call = start(null);
        try (Connection connection = this.server.accept()) {
            connection.settings();
            Request request = connection.readRequest();
            assertThat(request.header("grpc-timeout")).isNull();
            connection.responseHeaders(request.streamId());
            for (int i = 0; i < 3; i++) {
                connection.message(request.streamId(), new byte[] { (byte) i }, false);
            }
            connection.message(request.streamId(), new byte[0], false);
            connection.trailers(request.streamId(), 0, null);
            for (int i = 0; i < 3; i++) {
                assertThat(call.nextMessage()).containsExactly((byte) i);
            }
            assertThat(call.nextMessage()).isEmpty();
            assertThat(call.status().isOk()).isTrue();
        }
    }

    @Test
    void readsATrailersOnlyStatusWithAPercentEncodedMessage() throws Exception {
        Recorder call = start(Duration.ofSeconds(10));
        try (Connection connection = this.server.accept()) {
            connection.settings();
            Request request = connection.readRequest();
            connection.headers(request.streamId(), true, ":status", "200", "content-type", "application/grpc",
                    "grpc-status", "7", "grpc-message", "jeton refus%C3%A9: 100%25 invalide %zz");
            GrpcStatus status = call.status();
            assertThat(status.code()).isEqualTo(GrpcCode.PERMISSION_DENIED);
            assertThat(status.description()).isEqualTo("jeton refusé: 100% invalide %zz");
        }
    }

    @Test
    void mapsAnHttpErrorToItsGrpcCode() throws Exception {
        Recorder call = start(Duration.ofSeconds(10));
        try (Connection connection = this.server.accept()) {
            connection.settings();
            Request request = connection.readRequest();
            connection.headers(request.streamId(), true, ":status", "503");
            assertThat(call.status().code()).isEqualTo(GrpcCode.UNAVAILABLE);
        }
    }

    @Test
    void refusesAResponseThatIsNotGrpcAndResetsTheStream() throws Exception {
        Recorder call = start(Duration.ofSeconds(10));
        try (Connection connection = this.server.accept()) {
            connection.settings();
            Request request = connection.readRequest();
            connection.headers(request.streamId(), false, ":status", "200", "content-type", "text/html");
            GrpcStatus status = call.status();
            assertThat(status.code()).isEqualTo(GrpcCode.UNKNOWN);
            assertThat(status.description()).contains("text/html");
            assertReset(connection, request.streamId());
        }
    }

    @Test
    void aStreamEndedWithoutTrailersIsAnInternalError() throws Exception {
        Recorder call = start(Duration.ofSeconds(10));
        try (Connection connection = this.server.accept()) {
            connection.settings();
            Request request = connection.readRequest();
            connection.responseHeaders(request.streamId());
            connection.message(request.streamId(), REQUEST, true);
            assertThat(call.nextMessage()).isEqualTo(REQUEST);
            assertThat(call.status().code()).isEqualTo(GrpcCode.INTERNAL);
        }
    }

    @Test
    void aCompressedMessageIsRefused() throws Exception {
        Recorder call = start(Duration.ofSeconds(10));
        try (Connection connection = this.server.accept()) {
            connection.settings();
            Request request = connection.readRequest();
            connection.responseHeaders(request.streamId());
            byte[] framed = MessageDeframer.frame(REQUEST);
            framed[0] = 1;
            connection.write(Http2.TYPE_DATA, 0, request.streamId(), framed);
            assertThat(call.status().code()).isEqualTo(GrpcCode.INTERNAL);
            assertReset(connection, request.streamId());
        }
    }

    @Test
    void aMessageOverTheLimitIsRefusedBeforeItArrives() throws Exception {
        this.channel.close();
        this.channel = channel(1024);
        Recorder call = start(Duration.ofSeconds(10));
        try (Connection connection = this.server.accept()) {
            connection.settings();
            Request request = connection.readRequest();
            connection.responseHeaders(request.streamId());
            connection.write(Http2.TYPE_DATA, 0, request.streamId(), new byte[] { 0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff });
            GrpcStatus status = call.status();
            assertThat(status.code()).isEqualTo(GrpcCode.RESOURCE_EXHAUSTED);
            assertThat(status.description()).contains("2147483647 bytes");
            assertReset(connection, request.streamId());
        }
    }

    @Test
    void acknowledgesSettingsAndPings() throws Exception {
        start(Duration.ofSeconds(10));
        try (Connection connection = this.server.accept()) {
            connection.settings(Http2.SETTINGS_MAX_CONCURRENT_STREAMS, 100);
            assertThat(connection.readUntil(Http2.TYPE_SETTINGS).hasFlag(Http2.FLAG_ACK)).isFalse();
            assertThat(connection.readUntil(Http2.TYPE_SETTINGS).hasFlag(Http2.FLAG_ACK)).isTrue();
            byte[] opaque = "12345678".getBytes(StandardCharsets.US_ASCII);
            connection.write(Http2.TYPE_PING, 0, 0, opaque);
            Frame ping = connection.readUntil(Http2.TYPE_PING);
            assertThat(ping.hasFlag(Http2.FLAG_ACK)).isTrue();
            assertThat(ping.payload()).isEqualTo(opaque);
        }
    }

    @Test
    void aLargeRequestWaitsForFlowControlWindowAndRespectsTheFrameSize() throws Exception {
        byte[] large = new byte[100_000];
        Arrays.fill(large, (byte) 7);
        Recorder call = new Recorder();
        this.channel.start(METHOD, large, Duration.ofSeconds(10), Runnable::run, call);
        try (Connection connection = this.server.accept()) {
            connection.settings();
            connection.readUntil(Http2.TYPE_HEADERS);
            int received = 0;
            while (received < Http2.DEFAULT_INITIAL_WINDOW_SIZE) {
                Frame data = connection.readUntil(Http2.TYPE_DATA);
                assertThat(data.payload().length).isLessThanOrEqualTo(Http2.DEFAULT_MAX_FRAME_SIZE);
                assertThat(data.hasFlag(Http2.FLAG_END_STREAM)).isFalse();
                received += data.payload().length;
            }
            assertThat(received).isEqualTo(Http2.DEFAULT_INITIAL_WINDOW_SIZE);
            int rest = 5 + large.length - received;
            connection.write(Http2.TYPE_WINDOW_UPDATE, 0, 0, ByteBuffer.allocate(4).putInt(rest).array());
            connection.write(Http2.TYPE_WINDOW_UPDATE, 0, 1, ByteBuffer.allocate(4).putInt(rest).array());
            boolean ended = false;
            while (!ended) {
                Frame data = connection.readUntil(Http2.TYPE_DATA);
                received += data.payload().length;
                ended = data.hasFlag(Http2.FLAG_END_STREAM);
            }
            assertThat(received).isEqualTo(5 + large.length);
            connection.responseHeaders(1);
            connection.trailers(1, 0, null);
            assertThat(call.status().isOk()).isTrue();
        }
    }

    @Test
    void aStreamRefusedByGoAwayFailsAsUnavailableAndTheNextCallConnectsAgain() throws Exception {
        Recorder first = start(Duration.ofSeconds(10));
        try (Connection connection = this.server.accept()) {
            connection.settings();
            connection.readRequest();
            connection.write(Http2.TYPE_GOAWAY, 0, 0, ByteBuffer.allocate(8).putInt(0).putInt(Http2.NO_ERROR).array());
            GrpcStatus status = first.status();
            assertThat(status.code()).isEqualTo(GrpcCode.UNAVAILABLE);
            assertThat(status.description()).contains("GOAWAY");
            Recorder second = start(Duration.ofSeconds(10));
            try (Connection next = this.server.accept()) {
                next.settings();
                Request request = next.readRequest();
                next.responseHeaders(request.streamId());
                next.trailers(request.streamId(), 0, null);
                assertThat(second.status().isOk()).isTrue();
            }
        }
    }

    @Test
    void aFrameOverTheMaximumSizeEndsTheConnectionWithGoAway() throws Exception {
        Recorder call = start(Duration.ofSeconds(10));
        try (Connection connection = this.server.accept()) {
            connection.settings();
            Request request = connection.readRequest();
            connection.write(Http2.TYPE_DATA, 0, request.streamId(), new byte[20_000]);
            GrpcStatus status = call.status();
            assertThat(status.code()).isEqualTo(GrpcCode.INTERNAL);
            assertThat(status.description()).contains("20000 bytes");
            assertThat(connection.readUntil(Http2.TYPE_GOAWAY).intAt(4)).isEqualTo(Http2.FRAME_SIZE_ERROR);
        }
    }

    @Test
    void somethingThatIsNotHttp2EndsTheCallWithoutHanging() throws Exception {
        Recorder call = start(Duration.ofSeconds(30));
        try (Connection connection = this.server.accept()) {
            connection.writeRaw(ByteBuffer.wrap("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(call.status().code()).isEqualTo(GrpcCode.INTERNAL);
        }
    }

    @Test
    void aHeaderBlockInterruptedByAnotherFrameIsAProtocolError() throws Exception {
        Recorder call = start(Duration.ofSeconds(10));
        try (Connection connection = this.server.accept()) {
            connection.settings();
            Request request = connection.readRequest();
            connection.write(Http2.TYPE_HEADERS, 0, request.streamId(), Connection.literalBlock(":status", "200"));
            connection.write(Http2.TYPE_PING, 0, 0, new byte[8]);
            assertThat(call.status().code()).isEqualTo(GrpcCode.INTERNAL);
            assertThat(connection.readUntil(Http2.TYPE_GOAWAY).intAt(4)).isEqualTo(Http2.PROTOCOL_ERROR);
        }
    }

    @Test
    void readsAHeaderBlockContinuedInContinuationFrames() throws Exception {
        Recorder call = start(Duration.ofSeconds(10));
        try (Connection connection = this.server.accept()) {
            connection.settings();
            Request request = connection.readRequest();
            connection.write(Http2.TYPE_HEADERS, 0, request.streamId(), Connection.literalBlock(":status", "200"));
            connection.write(Http2.TYPE_CONTINUATION, Http2.FLAG_END_HEADERS, request.streamId(),
                    Connection.literalBlock("content-type", "application/grpc"));
            connection.message(request.streamId(), REQUEST, false);
            connection.trailers(request.streamId(), 0, null);
            assertThat(call.nextMessage()).isEqualTo(REQUEST);
            assertThat(call.status().isOk()).isTrue();
        }
    }

    @Test
    void aServerThatClosesTheConnectionFailsTheCallAsUnavailable() throws Exception {
        Recorder call = start(Duration.ofSeconds(10));
        try (Connection connection = this.server.accept()) {
            connection.settings();
            connection.readRequest();
        }
        assertThat(call.status().code()).isEqualTo(GrpcCode.UNAVAILABLE);
    }

    @Test
    void theDeadlineEndsTheCallAndResetsTheStream() throws Exception {
        Recorder call = start(Duration.ofMillis(200));
        try (Connection connection = this.server.accept()) {
            connection.settings();
            Request request = connection.readRequest();
            GrpcStatus status = call.status();
            assertThat(status.code()).isEqualTo(GrpcCode.DEADLINE_EXCEEDED);
            assertReset(connection, request.streamId());
        }
    }

    @Test
    void cancellingResetsTheStreamAndReportsTheStatusOnce() throws Exception {
        Recorder call = new Recorder();
        GrpcCall started = this.channel.start(METHOD, REQUEST, null, Runnable::run, call);
        try (Connection connection = this.server.accept()) {
            connection.settings();
            Request request = connection.readRequest();
            started.cancel("no longer wanted");
            started.cancel("twice");
            assertThat(call.status()).isEqualTo(new GrpcStatus(GrpcCode.CANCELLED, "no longer wanted", null));
            assertReset(connection, request.streamId());
            // what the server still sends for the stream is dropped
            connection.responseHeaders(request.streamId());
            connection.message(request.streamId(), REQUEST, false);
            connection.trailers(request.streamId(), 0, null);
            Recorder next = start(Duration.ofSeconds(10));
            Request second = connection.readRequest();
            connection.responseHeaders(second.streamId());
            connection.trailers(second.streamId(), 0, null);
            assertThat(next.status().isOk()).isTrue();
            assertThat(call.messages).isEmpty();
        }
    }

    @Test
    void noSocketFailsAsUnavailableWithTheOperatingSystemsError() throws Exception {
        try (GrpcChannel missing = new GrpcChannel(UnixDomainSocketAddress.of(this.directory.resolve("missing.sock")),
                List.of(), READERS, this.timers)) {
            Recorder call = new Recorder();
            missing.start(METHOD, REQUEST, Duration.ofSeconds(5), Runnable::run, call);
            GrpcStatus status = call.status();
            assertThat(status.code()).isEqualTo(GrpcCode.UNAVAILABLE);
            assertThat(status.cause()).isInstanceOf(IOException.class);
            assertThat(status.cause().getMessage()).contains("No such file or directory");
        }
    }

    @Test
    void aClosedChannelEndsNewCallsAtOnce() throws Exception {
        this.channel.close();
        Recorder call = start(Duration.ofSeconds(5));
        assertThat(call.status().code()).isEqualTo(GrpcCode.CANCELLED);
    }

    private Recorder start(Duration timeout) {
        Recorder recorder = new Recorder();
        this.channel.start(METHOD, REQUEST, timeout, Runnable::run, recorder);
        return recorder;
    }

    private static void assertReset(Connection connection, int streamId) throws IOException {
        Frame reset = connection.readUntil(Http2.TYPE_RST_STREAM);
        assertThat(reset.streamId()).isEqualTo(streamId);
        assertThat(reset.intAt(0)).isEqualTo(Http2.CANCEL);
    }

    /** Records what a call reports and checks the order: messages, then one status. */
    static final class Recorder implements GrpcCall.Listener {

        final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();

        private final CompletableFuture<GrpcStatus> status = new CompletableFuture<>();

        private final AtomicBoolean outOfOrder = new AtomicBoolean();

        @Override
        public void onMessage(byte[] message) {
            if (this.status.isDone()) {
                this.outOfOrder.set(true);
            }
            this.messages.add(message);
        }

        @Override
        public void onClose(GrpcStatus status) {
            if (!this.status.complete(status)) {
                this.outOfOrder.set(true);
            }
        }

        byte[] nextMessage() throws InterruptedException {
            byte[] message = this.messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message within 10 s").isNotNull();
            return message;
        }

        GrpcStatus status() throws Exception {
            GrpcStatus result = this.status.get(10, TimeUnit.SECONDS);
            assertThat(this.outOfOrder).as("a message after the status, or two statuses").isFalse();
            return result;
        }
    }
}
