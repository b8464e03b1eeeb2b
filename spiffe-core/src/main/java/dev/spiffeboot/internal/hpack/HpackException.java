package dev.spiffeboot.internal.hpack;

import java.io.IOException;

/**
 * A header block that is malformed (what RFC 7541 calls a decoding error) or over a limit. Either way the decoder
 * that threw it is unusable and the connection is to be closed with a COMPRESSION_ERROR. The message names the
 * problem and where it is; it never holds header values, which can be secrets.
 */
public final class HpackException extends IOException {

    /**
     * An exception with the given message.
     *
     * @param message what is wrong and where, without header values
     */
    public HpackException(String message) {
        super(message);
    }
}
