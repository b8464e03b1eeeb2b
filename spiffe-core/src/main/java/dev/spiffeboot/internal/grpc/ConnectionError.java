package dev.spiffeboot.internal.grpc;

import java.io.IOException;

/** An HTTP/2 error that ends the whole connection (RFC 9113 section 5.4.1), with its error code for GOAWAY. */
final class ConnectionError extends IOException {

    private static final long serialVersionUID = 1L;

    private final int errorCode;

    ConnectionError(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    int errorCode() {
        return this.errorCode;
    }
}
