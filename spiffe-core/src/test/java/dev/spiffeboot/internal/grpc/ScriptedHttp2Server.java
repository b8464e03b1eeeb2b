package dev.spiffeboot.internal.grpc;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.spiffeboot.internal.hpack.HpackDecoder;

/**
 * An HTTP/2 server on a Unix socket whose every frame the test writes by hand, to send a client what no well-behaved
 * gRPC server would. Header blocks it writes use literal fields without indexing and raw strings, so the client's
 * header table is never touched.
 */
final class ScriptedHttp2Server implements AutoCloseable {

    private final ServerSocketChannel server;

    private final Path path;

    ScriptedHttp2Server(Path directory) throws IOException {
        this.path = directory.resolve("scripted.sock");
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        this.server.bind(UnixDomainSocketAddress.of(this.path));
    }

    UnixDomainSocketAddress address() {
        return UnixDomainSocketAddress.of(this.path);
    }

    /** Accepts a connection and reads the client's preface. */
    Connection accept() throws IOException {
        Connection connection = new Connection(this.server.accept());
        byte[] preface = connection.readExactly(Http2.CLIENT_PREFACE.length);
        if (!Arrays.equals(preface, Http2.CLIENT_PREFACE)) {
            throw new IOException("no client preface");
        }
        return connection;
    }

    @Override
    public void close() throws IOException {
        this.server.close();
    }

    /** A frame the client sent. */
    record Frame(int type, int flags, int streamId, byte[] payload) {

        boolean hasFlag(int flag) {
            return (this.flags & flag) != 0;
        }

        int intAt(int offset) {
            return ByteBuffer.wrap(this.payload).getInt(offset);
        }
    }

    /** One accepted connection. */
    static final class Connection implements AutoCloseable {

        private final SocketChannel socket;

        private final HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);

        Connection(SocketChannel socket) {
            this.socket = socket;
        }

        byte[] readExactly(int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (this.socket.read(buffer) < 0) {
                    throw new EOFException();
                }
            }
            return buffer.array();
        }

        Frame readFrame() throws IOException {
            ByteBuffer header = ByteBuffer.wrap(readExactly(9));
            int length = ((header.get(0) & 0xff) << 16) | ((header.get(1) & 0xff) << 8) | (header.get(2) & 0xff);
            return new Frame(header.get(3) & 0xff, header.get(4) & 0xff, header.getInt(5) & Integer.MAX_VALUE,
                    readExactly(length));
        }

        /** Reads frames until one of the type, skipping others. */
        Frame readUntil(int type) throws IOException {
            for (int i = 0; i < 100; i++) {
                Frame frame = readFrame();
                if (frame.type() == type) {
                    return frame;
                }
            }
            throw new IOException("no frame of type " + type + " among 100");
        }

        /** Reads the client's request: its headers (decoded) and the request message, up to END_STREAM. */
        Request readRequest() throws IOException {
            Frame headers = readUntil(Http2.TYPE_HEADERS);
            List<Map.Entry<String, String>> decoded = new ArrayList<>();
            this.decoder.decode(headers.payload(), 0, headers.payload().length,
                    (name, value) -> decoded.add(Map.entry(name, value)));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean ended = headers.hasFlag(Http2.FLAG_END_STREAM);
            while (!ended) {
                Frame data = readUntil(Http2.TYPE_DATA);
                body.write(data.payload());
                ended = data.hasFlag(Http2.FLAG_END_STREAM);
            }
            return new Request(headers.streamId(), decoded, body.toByteArray());
        }

        void write(int type, int flags, int streamId, byte[] payload) throws IOException {
            ByteBuffer frame = ByteBuffer.allocate(9 + payload.length);
            frame.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
            frame.put((byte) type).put((byte) flags).putInt(streamId).put(payload).flip();
            writeRaw(frame);
        }

        void writeRaw(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                this.socket.write(bytes);
            }
        }

        void settings(int... identifiersAndValues) throws IOException {
            ByteBuffer payload = ByteBuffer.allocate(identifiersAndValues.length * 3);
            for (int i = 0; i < identifiersAndValues.length; i += 2) {
                payload.putShort((short) identifiersAndValues[i]).putInt(identifiersAndValues[i + 1]);
            }
            write(Http2.TYPE_SETTINGS, 0, 0, payload.array());
        }

        void headers(int streamId, boolean endStream, String... namesAndValues) throws IOException {
            write(Http2.TYPE_HEADERS, Http2.FLAG_END_HEADERS | (endStream ? Http2.FLAG_END_STREAM : 0), streamId,
                    literalBlock(namesAndValues));
        }

        /** The usual start of a gRPC response. */
        void responseHeaders(int streamId) throws IOException {
            headers(streamId, false, ":status", "200", "content-type", "application/grpc");
        }

        void message(int streamId, byte[] message, boolean endStream) throws IOException {
            write(Http2.TYPE_DATA, endStream ? Http2.FLAG_END_STREAM : 0, streamId, MessageDeframer.frame(message));
        }

        void trailers(int streamId, int grpcStatus, String grpcMessage) throws IOException {
            if (grpcMessage == null) {
                headers(streamId, true, "grpc-status", Integer.toString(grpcStatus));
            }
            else {
                headers(streamId, true, "grpc-status", Integer.toString(grpcStatus), "grpc-message", grpcMessage);
            }
        }

        /** Literal header fields without indexing, new names, raw strings (RFC 7541 section 6.2.2). */
        static byte[] literalBlock(String... namesAndValues) {
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                block.write(0x00);
                writeString(block, namesAndValues[i]);
                writeString(block, namesAndValues[i + 1]);
            }
            return block.toByteArray();
        }

        private static void writeString(ByteArrayOutputStream block, String value) {
            byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
            if (bytes.length >= 127) {
                throw new IllegalArgumentException("test header fields are shorter than 127 bytes");
            }
            block.write(bytes.length);
            block.writeBytes(bytes);
        }

        @Override
        public void close() throws IOException {
            this.socket.close();
        }
    }

    /** A request the client sent. */
    record Request(int streamId, List<Map.Entry<String, String>> headers, byte[] body) {

        String header(String name) {
            return this.headers.stream().filter(header -> header.getKey().equals(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
        }
    }
}
