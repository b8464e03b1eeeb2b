package dev.spiffeboot.internal.grpc;

import java.nio.charset.StandardCharsets;

/** The numbers of HTTP/2 (RFC 9113) this client uses: frame types, flags, settings and error codes. */
final class Http2 {

    static final byte[] CLIENT_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    static final int FRAME_HEADER_LENGTH = 9;

    /** The smallest maximum frame size, which this client keeps for the frames it receives. */
    static final int DEFAULT_MAX_FRAME_SIZE = 16_384;

    static final int LARGEST_MAX_FRAME_SIZE = (1 << 24) - 1;

    static final int DEFAULT_INITIAL_WINDOW_SIZE = 65_535;

    static final int MAX_WINDOW_SIZE = Integer.MAX_VALUE;

    static final int TYPE_DATA = 0x0;

    static final int TYPE_HEADERS = 0x1;

    static final int TYPE_PRIORITY = 0x2;

    static final int TYPE_RST_STREAM = 0x3;

    static final int TYPE_SETTINGS = 0x4;

    static final int TYPE_PUSH_PROMISE = 0x5;

    static final int TYPE_PING = 0x6;

    static final int TYPE_GOAWAY = 0x7;

    static final int TYPE_WINDOW_UPDATE = 0x8;

    static final int TYPE_CONTINUATION = 0x9;

    static final int FLAG_END_STREAM = 0x1;

    static final int FLAG_ACK = 0x1;

    static final int FLAG_END_HEADERS = 0x4;

    static final int FLAG_PADDED = 0x8;

    static final int FLAG_PRIORITY = 0x20;

    static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;

    static final int SETTINGS_ENABLE_PUSH = 0x2;

    static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;

    static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;

    static final int SETTINGS_MAX_FRAME_SIZE = 0x5;

    static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

    static final int NO_ERROR = 0x0;

    static final int PROTOCOL_ERROR = 0x1;

    static final int INTERNAL_ERROR = 0x2;

    static final int FLOW_CONTROL_ERROR = 0x3;

    static final int STREAM_CLOSED = 0x5;

    static final int FRAME_SIZE_ERROR = 0x6;

    static final int REFUSED_STREAM = 0x7;

    static final int CANCEL = 0x8;

    static final int COMPRESSION_ERROR = 0x9;

    static final int ENHANCE_YOUR_CALM = 0xb;

    static final int INADEQUATE_SECURITY = 0xc;

    private Http2() {
    }

    /** The gRPC code of a stream the server reset, as gRPC's HTTP/2 protocol document maps them. */
    static GrpcCode codeOfReset(int errorCode) {
        return switch (errorCode) {
            case REFUSED_STREAM -> GrpcCode.UNAVAILABLE;
            case CANCEL -> GrpcCode.CANCELLED;
            case ENHANCE_YOUR_CALM -> GrpcCode.RESOURCE_EXHAUSTED;
            case INADEQUATE_SECURITY -> GrpcCode.PERMISSION_DENIED;
            default -> GrpcCode.INTERNAL;
        };
    }
}
