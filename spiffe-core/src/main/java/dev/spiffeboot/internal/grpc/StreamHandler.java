package dev.spiffeboot.internal.grpc;

import java.util.List;
import java.util.Map;

/**
 * What an HTTP/2 stream of an {@link Http2Connection} reports to the call it carries. The connection calls these on
 * its reader thread, one at a time and outside its own lock; after {@link #onReset} or {@link #onGone} it calls
 * none again.
 */
interface StreamHandler {

    /** A complete header block (HEADERS and any CONTINUATION frames), decoded. */
    void onHeaders(List<Map.Entry<String, String>> headers, boolean endStream);

    /** The payload of a DATA frame, without padding; only valid during the call. */
    void onData(byte[] data, int offset, int length, boolean endStream);

    /** The server reset the stream with the HTTP/2 error code. */
    void onReset(int errorCode);

    /** The stream will not complete: the connection broke, closed, or the server refused the stream. */
    void onGone(GrpcStatus status);
}
