package dev.spiffeboot.internal.grpc;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

import dev.spiffeboot.internal.hpack.HpackDecoder;
import dev.spiffeboot.internal.hpack.HpackEncoder;
import dev.spiffeboot.internal.hpack.HpackException;

/**
 * One HTTP/2 connection (RFC 9113) of a client over a connected socket, without TLS (prior knowledge): it opens
 * streams that send one request, reads frames on a thread of its own, keeps the flow-control windows, and answers
 * SETTINGS and PING. It implements the parts a gRPC client needs: no server push, no priorities, requests small
 * enough to be sent at once (they still wait for window when the server gives none).
 * <p>
 * A connection that breaks, or that the server sends away (GOAWAY), takes no new streams; its owner opens another.
 */
final class Http2Connection {

    /** What this client accepts per stream before it gives window back; requests and responses are small. */
    private static final int STREAM_WINDOW = 1 << 20;

    private static final int CONNECTION_WINDOW = 4 << 20;

    /** The largest header block (all HEADERS and CONTINUATION frames of one block) this client reads. */
    private static final int MAX_HEADER_BLOCK = 64 << 10;

    private static final int MAX_HEADER_LIST_SIZE = 16 << 10;

    private static final int HEADER_TABLE_SIZE = 4096;

    private static final int LAST_STREAM_ID = Integer.MAX_VALUE;

    private final SocketChannel socket;

    private final String name;

    private final Consumer<Http2Connection> onUnusable;

    private final HpackDecoder headerDecoder = new HpackDecoder(HEADER_TABLE_SIZE, MAX_HEADER_LIST_SIZE);

    private final Object lock = new Object();

    private final Map<Integer, Stream> streams = new HashMap<>();

    private int nextStreamId = 1;

    private int peerMaxFrameSize = Http2.DEFAULT_MAX_FRAME_SIZE;

    private int peerInitialWindow = Http2.DEFAULT_INITIAL_WINDOW_SIZE;

    private long peerMaxConcurrentStreams = Long.MAX_VALUE;

    private long sendWindow = Http2.DEFAULT_INITIAL_WINDOW_SIZE;

    private int unreturnedWindow;

    private boolean goingAway;

    private GrpcStatus terminated;

    /** Read and written by the reader thread only. */
    private PendingHeaders pendingHeaders;

    private Http2Connection(SocketChannel socket, String name, Consumer<Http2Connection> onUnusable) {
        this.socket = socket;
        this.name = name;
        this.onUnusable = onUnusable;
    }

    /**
     * Starts HTTP/2 on a connected socket: sends the client preface and settings, and starts the reader thread.
     *
     * @param onUnusable told when the connection takes no new stream any more (sent away, closed or broken); it
     * may be told twice
     */
    static Http2Connection start(SocketChannel socket, String name, ThreadFactory readerThreads,
            Consumer<Http2Connection> onUnusable) throws IOException {
        Http2Connection connection = new Http2Connection(socket, name, onUnusable);
        ByteBuffer settings = ByteBuffer.allocate(3 * 6);
        settings.putShort((short) Http2.SETTINGS_ENABLE_PUSH).putInt(0);
        settings.putShort((short) Http2.SETTINGS_INITIAL_WINDOW_SIZE).putInt(STREAM_WINDOW);
        settings.putShort((short) Http2.SETTINGS_MAX_HEADER_LIST_SIZE).putInt(MAX_HEADER_LIST_SIZE);
        synchronized (connection.lock) {
            connection.write(ByteBuffer.wrap(Http2.CLIENT_PREFACE),
                    frame(Http2.TYPE_SETTINGS, 0, 0, settings.flip()),
                    windowUpdate(0, CONNECTION_WINDOW - Http2.DEFAULT_INITIAL_WINDOW_SIZE));
        }
        Thread reader = readerThreads.newThread(connection::readLoop);
        reader.start();
        return connection;
    }

    /** The socket's address, for messages. */
    String name() {
        return this.name;
    }

    /** Whether the connection has ended (closed or broken). */
    boolean isTerminated() {
        return terminationStatus() != null;
    }

    /** The status the connection's streams ended with when it closed or broke, or {@code null} while it is up. */
    GrpcStatus terminationStatus() {
        synchronized (this.lock) {
            return this.terminated;
        }
    }

    /** Whether a new stream may be opened on this connection. */
    boolean isOpen() {
        synchronized (this.lock) {
            return this.terminated == null && !this.goingAway && this.nextStreamId < LAST_STREAM_ID;
        }
    }

    /**
     * Opens a stream: sends the request headers, then the request body with the end of the stream as flow control
     * allows.
     *
     * @return the stream's ID, or {@code -1} if this connection takes no new stream: it ended (see
     * {@link #terminationStatus()}), or the caller opens another
     * @throws IOException if the socket broke while sending (the connection is then terminated)
     */
    int openStream(List<Map.Entry<String, String>> headers, byte[] body, StreamHandler handler) throws IOException {
        byte[] headerBlock = HpackEncoder.encode(headers);
        synchronized (this.lock) {
            if (this.terminated != null || this.goingAway || this.nextStreamId >= LAST_STREAM_ID) {
                return -1;
            }
            if (this.streams.size() >= this.peerMaxConcurrentStreams) {
                // the caller opens another connection, as clients do when a server limits its streams; this one
                // keeps serving its streams
                return -1;
            }
            int id = this.nextStreamId;
            this.nextStreamId += 2;
            Stream stream = new Stream(id, handler, this.peerInitialWindow, ByteBuffer.wrap(body));
            this.streams.put(id, stream);
            try {
                writeHeaders(id, headerBlock);
                sendPendingData(stream);
            }
            catch (IOException ex) {
                this.streams.remove(id);
                throw ex;
            }
            return id;
        }
    }

    /** Resets a stream this client no longer wants ({@code CANCEL}); nothing happens if it already ended. */
    void cancelStream(int id) {
        synchronized (this.lock) {
            if (this.streams.remove(id) == null || this.terminated != null) {
                return;
            }
            try {
                write(frame(Http2.TYPE_RST_STREAM, 0, id, ByteBuffer.allocate(4).putInt(0, Http2.CANCEL)));
            }
            catch (IOException ex) {
                // the reader thread sees the broken socket too and terminates the connection
            }
            closeIfDrained();
        }
    }

    /** Forgets a stream that ended (the server closed it); closes a connection sent away once it has none left. */
    private void streamEnded(int id) {
        synchronized (this.lock) {
            this.streams.remove(id);
            closeIfDrained();
        }
    }

    private void closeIfDrained() {
        if (this.goingAway && this.streams.isEmpty()) {
            closeSocket();
        }
    }

    /** Closes the connection; its streams end with the status. Idempotent. */
    void shutdown(GrpcStatus status) {
        terminate(status);
    }

    private void readLoop() {
        FrameReader reader = new FrameReader(this.socket);
        try {
            if (reader.next() != Http2.TYPE_SETTINGS) {
                throw new ConnectionError(Http2.PROTOCOL_ERROR, "the server did not start with SETTINGS");
            }
            while (true) {
                handle(reader);
                reader.next();
            }
        }
        catch (ConnectionError ex) {
            goAway(ex.errorCode());
            terminate(GrpcStatus.of(GrpcCode.INTERNAL, "HTTP/2 protocol error from " + this.name + ": " + ex.getMessage()));
        }
        catch (EOFException ex) {
            terminate(new GrpcStatus(GrpcCode.UNAVAILABLE, this.name + " closed the connection", ex));
        }
        catch (ClosedChannelException ex) {
            terminate(GrpcStatus.of(GrpcCode.UNAVAILABLE, "the connection to " + this.name + " was closed"));
        }
        catch (IOException ex) {
            terminate(new GrpcStatus(GrpcCode.UNAVAILABLE, "the connection to " + this.name + " broke: " + ex.getMessage(), ex));
        }
        catch (RuntimeException | Error ex) {
            terminate(new GrpcStatus(GrpcCode.INTERNAL, "the HTTP/2 reader for " + this.name + " failed: " + ex, ex));
            throw ex;
        }
    }

    private void handle(FrameReader frame) throws IOException {
        if (frame.type() != Http2.TYPE_CONTINUATION && this.pendingHeaders != null) {
            throw new ConnectionError(Http2.PROTOCOL_ERROR, "a header block was interrupted by another frame");
        }
        switch (frame.type()) {
            case Http2.TYPE_DATA -> onData(frame);
            case Http2.TYPE_HEADERS -> onHeaders(frame);
            case Http2.TYPE_CONTINUATION -> onContinuation(frame);
            case Http2.TYPE_RST_STREAM -> onReset(frame);
            case Http2.TYPE_SETTINGS -> onSettings(frame);
            case Http2.TYPE_PING -> onPing(frame);
            case Http2.TYPE_GOAWAY -> onGoAway(frame);
            case Http2.TYPE_WINDOW_UPDATE -> onWindowUpdate(frame);
            case Http2.TYPE_PUSH_PROMISE -> throw new ConnectionError(Http2.PROTOCOL_ERROR, "PUSH_PROMISE although push is disabled");
            case Http2.TYPE_PRIORITY -> requireStream(frame, "PRIORITY");
            default -> {
                // RFC 9113 section 4.1: frames of unknown types are ignored
            }
        }
    }

    private void onData(FrameReader frame) throws IOException {
        requireStream(frame, "DATA");
        int padding = padding(frame);
        int length = frame.length() - padding - (frame.hasFlag(Http2.FLAG_PADDED) ? 1 : 0);
        int offset = frame.hasFlag(Http2.FLAG_PADDED) ? 1 : 0;
        Stream stream;
        synchronized (this.lock) {
            stream = this.streams.get(frame.streamId());
            returnWindow(stream, frame.length());
        }
        if (stream == null) {
            // a stream this client already cancelled: its data still counted against the connection's window
            return;
        }
        boolean endStream = frame.hasFlag(Http2.FLAG_END_STREAM);
        stream.handler.onData(frame.payload(), offset, length, endStream);
        if (endStream) {
            streamEnded(stream.id);
        }
    }

    /** Gives the window the payload used back to the server, in steps of half a window. */
    private void returnWindow(Stream stream, int length) throws IOException {
        this.unreturnedWindow += length;
        if (this.unreturnedWindow >= CONNECTION_WINDOW / 2) {
            write(windowUpdate(0, this.unreturnedWindow));
            this.unreturnedWindow = 0;
        }
        if (stream != null) {
            stream.unreturnedWindow += length;
            if (stream.unreturnedWindow >= STREAM_WINDOW / 2) {
                write(windowUpdate(stream.id, stream.unreturnedWindow));
                stream.unreturnedWindow = 0;
            }
        }
    }

    /** A header block still waiting for CONTINUATION frames. */
    private static final class PendingHeaders {

        final int streamId;

        final boolean endStream;

        byte[] block;

        int length;

        PendingHeaders(int streamId, boolean endStream) {
            this.streamId = streamId;
            this.endStream = endStream;
            this.block = new byte[1024];
        }

        void append(byte[] data, int offset, int count) throws ConnectionError {
            if (this.length + count > MAX_HEADER_BLOCK) {
                throw new ConnectionError(Http2.ENHANCE_YOUR_CALM, "a header block is over " + MAX_HEADER_BLOCK + " bytes");
            }
            if (this.length + count > this.block.length) {
                this.block = Arrays.copyOf(this.block, Math.max(this.block.length * 2, this.length + count));
            }
            System.arraycopy(data, offset, this.block, this.length, count);
            this.length += count;
        }
    }

    private void onHeaders(FrameReader frame) throws IOException {
        requireStream(frame, "HEADERS");
        if (frame.streamId() % 2 == 0) {
            throw new ConnectionError(Http2.PROTOCOL_ERROR, "HEADERS on an even stream, which only push could open");
        }
        int padding = padding(frame);
        int offset = (frame.hasFlag(Http2.FLAG_PADDED) ? 1 : 0) + (frame.hasFlag(Http2.FLAG_PRIORITY) ? 5 : 0);
        int length = frame.length() - offset - padding;
        if (length < 0) {
            throw new ConnectionError(Http2.PROTOCOL_ERROR, "HEADERS shorter than its padding and priority");
        }
        PendingHeaders block = new PendingHeaders(frame.streamId(), frame.hasFlag(Http2.FLAG_END_STREAM));
        block.append(frame.payload(), offset, length);
        if (frame.hasFlag(Http2.FLAG_END_HEADERS)) {
            deliverHeaders(block);
        }
        else {
            this.pendingHeaders = block;
        }
    }

    private void onContinuation(FrameReader frame) throws IOException {
        PendingHeaders block = this.pendingHeaders;
        if (block == null || block.streamId != frame.streamId()) {
            throw new ConnectionError(Http2.PROTOCOL_ERROR, "CONTINUATION without a header block to continue");
        }
        block.append(frame.payload(), 0, frame.length());
        if (frame.hasFlag(Http2.FLAG_END_HEADERS)) {
            this.pendingHeaders = null;
            deliverHeaders(block);
        }
    }

    private void deliverHeaders(PendingHeaders block) throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        try {
            // decoded even for a stream this client no longer wants: the header table is the connection's
            this.headerDecoder.decode(block.block, 0, block.length, (name, value) -> headers.add(Map.entry(name, value)));
        }
        catch (HpackException ex) {
            throw new ConnectionError(Http2.COMPRESSION_ERROR, "undecodable header block (" + ex.getMessage() + ")");
        }
        Stream stream;
        synchronized (this.lock) {
            stream = this.streams.get(block.streamId);
        }
        if (stream == null) {
            return;
        }
        stream.handler.onHeaders(headers, block.endStream);
        if (block.endStream) {
            streamEnded(stream.id);
        }
    }

    private void onReset(FrameReader frame) throws IOException {
        requireStream(frame, "RST_STREAM");
        requireLength(frame, 4, "RST_STREAM");
        Stream stream;
        synchronized (this.lock) {
            stream = this.streams.remove(frame.streamId());
            closeIfDrained();
        }
        if (stream != null) {
            stream.handler.onReset(frame.intAt(0));
        }
    }

    private void onSettings(FrameReader frame) throws IOException {
        if (frame.streamId() != 0) {
            throw new ConnectionError(Http2.PROTOCOL_ERROR, "SETTINGS on a stream");
        }
        if (frame.hasFlag(Http2.FLAG_ACK)) {
            requireLength(frame, 0, "SETTINGS acknowledgement");
            return;
        }
        if (frame.length() % 6 != 0) {
            throw new ConnectionError(Http2.FRAME_SIZE_ERROR, "SETTINGS of " + frame.length() + " bytes");
        }
        synchronized (this.lock) {
            for (int at = 0; at < frame.length(); at += 6) {
                applySetting(frame.shortAt(at), frame.intAt(at + 2) & 0xffffffffL);
            }
            write(frame(Http2.TYPE_SETTINGS, Http2.FLAG_ACK, 0, ByteBuffer.allocate(0)));
            for (Stream stream : this.streams.values()) {
                sendPendingData(stream);
            }
        }
    }

    private void applySetting(int identifier, long value) throws ConnectionError {
        switch (identifier) {
            case Http2.SETTINGS_ENABLE_PUSH -> {
                if (value > 1) {
                    throw new ConnectionError(Http2.PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH " + value);
                }
            }
            case Http2.SETTINGS_MAX_CONCURRENT_STREAMS -> this.peerMaxConcurrentStreams = value;
            case Http2.SETTINGS_INITIAL_WINDOW_SIZE -> {
                if (value > Http2.MAX_WINDOW_SIZE) {
                    throw new ConnectionError(Http2.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE " + value);
                }
                long delta = value - this.peerInitialWindow;
                for (Stream stream : this.streams.values()) {
                    stream.sendWindow += delta;
                    if (stream.sendWindow > Http2.MAX_WINDOW_SIZE) {
                        throw new ConnectionError(Http2.FLOW_CONTROL_ERROR, "a stream's window over 2^31-1");
                    }
                }
                this.peerInitialWindow = (int) value;
            }
            case Http2.SETTINGS_MAX_FRAME_SIZE -> {
                if (value < Http2.DEFAULT_MAX_FRAME_SIZE || value > Http2.LARGEST_MAX_FRAME_SIZE) {
                    throw new ConnectionError(Http2.PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE " + value);
                }
                this.peerMaxFrameSize = (int) value;
            }
            default -> {
                // the header table size only matters to an encoder with a dynamic table (this one has none), the
                // header list size limit is advisory, and unknown settings are ignored (RFC 9113 section 6.5.2)
            }
        }
    }

    private void onPing(FrameReader frame) throws IOException {
        if (frame.streamId() != 0) {
            throw new ConnectionError(Http2.PROTOCOL_ERROR, "PING on a stream");
        }
        requireLength(frame, 8, "PING");
        if (!frame.hasFlag(Http2.FLAG_ACK)) {
            synchronized (this.lock) {
                write(frame(Http2.TYPE_PING, Http2.FLAG_ACK, 0, ByteBuffer.wrap(frame.payload(), 0, 8)));
            }
        }
    }

    private void onGoAway(FrameReader frame) throws IOException {
        if (frame.streamId() != 0) {
            throw new ConnectionError(Http2.PROTOCOL_ERROR, "GOAWAY on a stream");
        }
        if (frame.length() < 8) {
            throw new ConnectionError(Http2.FRAME_SIZE_ERROR, "GOAWAY of " + frame.length() + " bytes");
        }
        int lastStreamId = frame.intAt(0) & Integer.MAX_VALUE;
        int errorCode = frame.intAt(4);
        List<Stream> refused = new ArrayList<>();
        synchronized (this.lock) {
            this.goingAway = true;
            this.streams.values().removeIf(stream -> stream.id > lastStreamId && refused.add(stream));
        }
        GrpcStatus status = GrpcStatus.of(GrpcCode.UNAVAILABLE, this.name + " is closing the connection (GOAWAY, "
                + ((errorCode == Http2.NO_ERROR) ? "no error" : "HTTP/2 error " + errorCode) + ")");
        for (Stream stream : refused) {
            stream.handler.onGone(status);
        }
        this.onUnusable.accept(this);
        synchronized (this.lock) {
            closeIfDrained();
        }
    }

    private void onWindowUpdate(FrameReader frame) throws IOException {
        requireLength(frame, 4, "WINDOW_UPDATE");
        int increment = frame.intAt(0) & Integer.MAX_VALUE;
        Stream failed = null;
        synchronized (this.lock) {
            if (frame.streamId() == 0) {
                if (increment == 0) {
                    throw new ConnectionError(Http2.PROTOCOL_ERROR, "WINDOW_UPDATE of 0 on the connection");
                }
                this.sendWindow += increment;
                if (this.sendWindow > Http2.MAX_WINDOW_SIZE) {
                    throw new ConnectionError(Http2.FLOW_CONTROL_ERROR, "the connection's window over 2^31-1");
                }
                for (Stream stream : this.streams.values()) {
                    sendPendingData(stream);
                }
                return;
            }
            Stream stream = this.streams.get(frame.streamId());
            if (stream == null) {
                return;
            }
            stream.sendWindow += increment;
            if (increment == 0 || stream.sendWindow > Http2.MAX_WINDOW_SIZE) {
                // a stream error (RFC 9113 section 6.9): this stream ends, the connection stays
                this.streams.remove(stream.id);
                write(frame(Http2.TYPE_RST_STREAM, 0, stream.id, ByteBuffer.allocate(4).putInt(0,
                        (increment == 0) ? Http2.PROTOCOL_ERROR : Http2.FLOW_CONTROL_ERROR)));
                closeIfDrained();
                failed = stream;
            }
            else {
                sendPendingData(stream);
            }
        }
        if (failed != null) {
            failed.handler.onGone(GrpcStatus.of(GrpcCode.INTERNAL, "an invalid WINDOW_UPDATE from " + this.name));
        }
    }

    /** Sends as much of a stream's request body as both windows allow; the last byte carries END_STREAM. */
    private void sendPendingData(Stream stream) throws IOException {
        ByteBuffer pending = stream.pendingData;
        while (pending != null && pending.hasRemaining()) {
            long allowed = Math.min(Math.min(this.sendWindow, stream.sendWindow), this.peerMaxFrameSize);
            if (allowed <= 0) {
                return;
            }
            int chunk = (int) Math.min(allowed, pending.remaining());
            ByteBuffer slice = pending.slice();
            slice.limit(chunk);
            pending.position(pending.position() + chunk);
            boolean last = !pending.hasRemaining();
            write(frame(Http2.TYPE_DATA, last ? Http2.FLAG_END_STREAM : 0, stream.id, slice));
            this.sendWindow -= chunk;
            stream.sendWindow -= chunk;
        }
        stream.pendingData = null;
    }

    private void writeHeaders(int id, byte[] block) throws IOException {
        int at = 0;
        boolean first = true;
        do {
            int chunk = Math.min(block.length - at, this.peerMaxFrameSize);
            boolean last = at + chunk == block.length;
            int type = first ? Http2.TYPE_HEADERS : Http2.TYPE_CONTINUATION;
            write(frame(type, last ? Http2.FLAG_END_HEADERS : 0, id, ByteBuffer.wrap(block, at, chunk)));
            at += chunk;
            first = false;
        }
        while (at < block.length);
    }

    private void goAway(int errorCode) {
        synchronized (this.lock) {
            if (this.terminated != null) {
                return;
            }
            try {
                write(frame(Http2.TYPE_GOAWAY, 0, 0, ByteBuffer.allocate(8).putInt(0, 0).putInt(4, errorCode)));
            }
            catch (IOException ex) {
                // the connection ends anyway
            }
        }
    }

    private void terminate(GrpcStatus status) {
        List<Stream> ended;
        synchronized (this.lock) {
            if (this.terminated != null) {
                return;
            }
            this.terminated = status;
            ended = new ArrayList<>(this.streams.values());
            this.streams.clear();
            closeSocket();
        }
        for (Stream stream : ended) {
            stream.handler.onGone(status);
        }
        this.onUnusable.accept(this);
    }

    private void closeSocket() {
        try {
            this.socket.close();
        }
        catch (IOException ex) {
            // nothing left to release
        }
    }

    private void requireStream(FrameReader frame, String type) throws ConnectionError {
        if (frame.streamId() == 0) {
            throw new ConnectionError(Http2.PROTOCOL_ERROR, type + " on stream 0");
        }
        boolean idle;
        synchronized (this.lock) {
            idle = frame.streamId() >= this.nextStreamId;
        }
        if (idle && frame.type() != Http2.TYPE_PRIORITY) {
            throw new ConnectionError(Http2.PROTOCOL_ERROR, type + " on stream " + frame.streamId() + ", which was never opened");
        }
    }

    private static void requireLength(FrameReader frame, int length, String type) throws ConnectionError {
        if (frame.length() != length) {
            throw new ConnectionError(Http2.FRAME_SIZE_ERROR, type + " of " + frame.length() + " bytes");
        }
    }

    private static int padding(FrameReader frame) throws ConnectionError {
        if (!frame.hasFlag(Http2.FLAG_PADDED)) {
            return 0;
        }
        if (frame.length() < 1) {
            throw new ConnectionError(Http2.FRAME_SIZE_ERROR, "a padded frame without its pad length");
        }
        int padding = frame.payload()[0] & 0xff;
        if (padding >= frame.length()) {
            throw new ConnectionError(Http2.PROTOCOL_ERROR, "padding longer than the frame");
        }
        return padding;
    }

    /** Writes buffers completely; callers hold the lock, so frames never interleave. */
    private void write(ByteBuffer... buffers) throws IOException {
        long remaining = 0;
        for (ByteBuffer buffer : buffers) {
            remaining += buffer.remaining();
        }
        while (remaining > 0) {
            remaining -= this.socket.write(buffers);
        }
    }

    private static ByteBuffer frame(int type, int flags, int streamId, ByteBuffer payload) {
        ByteBuffer frame = ByteBuffer.allocate(Http2.FRAME_HEADER_LENGTH + payload.remaining());
        int length = payload.remaining();
        frame.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
        frame.put((byte) type).put((byte) flags).putInt(streamId);
        frame.put(payload.duplicate());
        return frame.flip();
    }

    private static ByteBuffer windowUpdate(int streamId, int increment) {
        return frame(Http2.TYPE_WINDOW_UPDATE, 0, streamId, ByteBuffer.allocate(4).putInt(0, increment));
    }

    /** A stream's flow-control state; guarded by the connection's lock. */
    private static final class Stream {

        final int id;

        final StreamHandler handler;

        long sendWindow;

        ByteBuffer pendingData;

        int unreturnedWindow;

        Stream(int id, StreamHandler handler, int sendWindow, ByteBuffer pendingData) {
            this.id = id;
            this.handler = handler;
            this.sendWindow = sendWindow;
            this.pendingData = pendingData;
        }
    }
}
