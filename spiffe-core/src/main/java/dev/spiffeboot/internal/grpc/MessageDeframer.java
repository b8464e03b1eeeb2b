package dev.spiffeboot.internal.grpc;

import java.util.function.Consumer;

/**
 * Cuts the bytes of a gRPC response into its length-prefixed messages (a compressed-flag byte, a four-byte length,
 * the message), however the DATA frames split them.
 */
final class MessageDeframer {

    private static final int PREFIX_LENGTH = 5;

    private final int maxMessageSize;

    private final byte[] prefix = new byte[PREFIX_LENGTH];

    private int prefixRead;

    private byte[] message;

    private int messageRead;

    MessageDeframer(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Takes the next bytes and hands every message they complete to {@code messages}.
     *
     * @throws GrpcException if a message is compressed (this client asks for none) or over the size limit
     */
    void feed(byte[] data, int offset, int length, Consumer<byte[]> messages) {
        int at = offset;
        int end = offset + length;
        while (at < end) {
            if (this.message == null) {
                int take = Math.min(PREFIX_LENGTH - this.prefixRead, end - at);
                System.arraycopy(data, at, this.prefix, this.prefixRead, take);
                this.prefixRead += take;
                at += take;
                if (this.prefixRead < PREFIX_LENGTH) {
                    return;
                }
                startMessage();
            }
            int take = Math.min(this.message.length - this.messageRead, end - at);
            System.arraycopy(data, at, this.message, this.messageRead, take);
            this.messageRead += take;
            at += take;
            if (this.messageRead == this.message.length) {
                byte[] complete = this.message;
                this.message = null;
                this.prefixRead = 0;
                messages.accept(complete);
            }
        }
    }

    private void startMessage() {
        if (this.prefix[0] != 0) {
            throw GrpcStatus.of(GrpcCode.INTERNAL, "a compressed message, although none was asked for").asException();
        }
        long size = ((this.prefix[1] & 0xffL) << 24) | ((this.prefix[2] & 0xff) << 16) | ((this.prefix[3] & 0xff) << 8)
                | (this.prefix[4] & 0xff);
        if (size > this.maxMessageSize) {
            throw GrpcStatus.of(GrpcCode.RESOURCE_EXHAUSTED, "a message of " + size + " bytes, over the limit of "
                    + this.maxMessageSize).asException();
        }
        this.message = new byte[(int) size];
        this.messageRead = 0;
    }

    /** Whether part of a message has arrived but not all of it. */
    boolean hasPartialMessage() {
        return this.prefixRead > 0 || this.message != null;
    }

    /** Frames a request message: no compression, its length, its bytes. */
    static byte[] frame(byte[] message) {
        byte[] framed = new byte[PREFIX_LENGTH + message.length];
        framed[1] = (byte) (message.length >>> 24);
        framed[2] = (byte) (message.length >>> 16);
        framed[3] = (byte) (message.length >>> 8);
        framed[4] = (byte) message.length;
        System.arraycopy(message, 0, framed, PREFIX_LENGTH, message.length);
        return framed;
    }
}
