package dev.spiffeboot.autoconfigure.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ports on 127.0.0.1 for the tests that check a refused application never listened. */
public final class LocalPorts {

    private LocalPorts() {
    }

    /** A port the system just handed out, so the test can look at it afterwards (port 0 would leave it unknown). */
    public static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** {@link #free()} for a static field: a test that cannot get a port fails in its class initializer. */
    public static int freeForField() {
        try {
            return free();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static void assertNothingListens(int port) {
        assertThatThrownBy(() -> new Socket(InetAddress.getByName("127.0.0.1"), port).close())
            .as("connection to 127.0.0.1:%d", port)
            .isInstanceOf(ConnectException.class);
    }
}
