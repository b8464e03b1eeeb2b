package dev.spiffeboot.workloadapi.wire;

import java.io.IOException;

/**
 * A Workload API message that is not valid protobuf for its schema: truncated, with a malformed varint, tag or
 * length, with a field of the wrong wire type, or with a string that is not UTF-8. The message names the protobuf
 * message and field at fault, never their contents, so it is safe to log.
 */
public final class InvalidMessageException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * A malformed message.
     *
     * @param message what is malformed, naming the protobuf message and field but not their contents
     */
    public InvalidMessageException(String message) {
        super(message);
    }
}
