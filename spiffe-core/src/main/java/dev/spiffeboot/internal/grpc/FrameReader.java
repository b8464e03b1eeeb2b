package dev.spiffeboot.internal.grpc;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads HTTP/2 frames one at a time from a blocking channel into one reused buffer. Frames longer than the default
 * maximum frame size, the only one this client allows, end the connection.
 */
final class FrameReader {

    private final ReadableByteChannel channel;

    private final ByteBuffer header = ByteBuffer.allocate(Http2.FRAME_HEADER_LENGTH);

    private final byte[] payload = new byte[Http2.DEFAULT_MAX_FRAME_SIZE];

    private final ByteBuffer payloadBuffer = ByteBuffer.wrap(this.payload);

    private int length;

    private int type;

    private int flags;

    private int streamId;

    FrameReader(ReadableByteChannel channel) {
        this.channel = channel;
    }

    /**
     * Reads the next frame.
     *
     * @return its type
     * @throws EOFException if the peer closed the connection
     * @throws ConnectionError if the frame is too long
     * @throws IOException if reading failed
     */
    int next() throws IOException {
        this.header.clear();
        readFully(this.header);
        this.length = ((this.header.get(0) & 0xff) << 16) | ((this.header.get(1) & 0xff) << 8) | (this.header.get(2) & 0xff);
        this.type = this.header.get(3) & 0xff;
        this.flags = this.header.get(4) & 0xff;
        this.streamId = this.header.getInt(5) & Integer.MAX_VALUE;
        if (this.length > this.payload.length) {
            throw new ConnectionError(Http2.FRAME_SIZE_ERROR,
                    "a frame of " + this.length + " bytes, over the maximum frame size of " + this.payload.length);
        }
        this.payloadBuffer.clear().limit(this.length);
        readFully(this.payloadBuffer);
        return this.type;
    }

    private void readFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (this.channel.read(buffer) < 0) {
                throw new EOFException("end of stream");
            }
        }
    }

    int length() {
        return this.length;
    }

    int type() {
        return this.type;
    }

    boolean hasFlag(int flag) {
        return (this.flags & flag) != 0;
    }

    int streamId() {
        return this.streamId;
    }

    /** The payload, valid until the next frame is read; {@link #length()} bytes of it are the frame's. */
    byte[] payload() {
        return this.payload;
    }

    int shortAt(int offset) {
        return ((this.payload[offset] & 0xff) << 8) | (this.payload[offset + 1] & 0xff);
    }

    int intAt(int offset) {
        return ((this.payload[offset] & 0xff) << 24) | ((this.payload[offset + 1] & 0xff) << 16)
                | ((this.payload[offset + 2] & 0xff) << 8) | (this.payload[offset + 3] & 0xff);
    }
}
