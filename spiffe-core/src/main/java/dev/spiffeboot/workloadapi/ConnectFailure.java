package dev.spiffeboot.workloadapi;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import dev.spiffeboot.internal.grpc.GrpcCode;
import dev.spiffeboot.internal.grpc.GrpcStatus;

/**
 * Why no connection to the Workload API could be made: the detail of an {@code UNAVAILABLE} failure, read from the
 * operating system's error in the status's cause chain. The
 * status stays {@code UNAVAILABLE} (the client keeps retrying, as the agent may come up); this says what to fix.
 */
public enum ConnectFailure {

    /** Nothing at the socket path: the agent is not running, or the address is wrong. */
    NO_SOCKET,
    /** The socket's file mode (or its directory's) does not let this process's user connect. */
    PERMISSION_DENIED,
    /** A socket file is there, or a TCP address, but no agent is listening: typically a stopped agent's socket. */
    CONNECTION_REFUSED,
    /** The socket path names a file that is not a socket (a regular file or a directory). */
    NOT_A_SOCKET;

    private static final int MAX_CAUSES = 10;

    /**
     * The connect failure a status reports, or {@code null} when it is not one (another status, a stream that broke
     * after connecting, or an error this client does not recognise).
     */
    static ConnectFailure of(GrpcStatus status, WorkloadApiAddress address) {
        if (status.code() != GrpcCode.UNAVAILABLE) {
            return null;
        }
        Throwable cause = status.cause();
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof FileNotFoundException || cause instanceof NoSuchFileException) {
                return NO_SOCKET;
            }
            // the JDK reports the operating system's error as its text (strerror)
            String message = cause.getMessage();
            if (message == null) {
                continue;
            }
            if (message.contains("No such file or directory")) {
                return NO_SOCKET;
            }
            if (message.contains("Permission denied")) {
                return PERMISSION_DENIED;
            }
            if (message.contains("Connection refused")) {
                // Linux refuses a connection to a regular file or a directory just as to a socket nobody serves
                return isNotASocket(address) ? NOT_A_SOCKET : CONNECTION_REFUSED;
            }
        }
        return null;
    }

    private static boolean isNotASocket(WorkloadApiAddress address) {
        Path path = address.socketPath().orElse(null);
        if (path == null) {
            return false;
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return attributes.isRegularFile() || attributes.isDirectory();
        }
        catch (IOException ex) {
            return false;
        }
    }

    /**
     * What happened, in words for a log line or an error message, e.g. {@code no Workload API socket at
     * /run/spire/agent.sock (the agent is not running, or the address is wrong)}.
     */
    public String describe(WorkloadApiAddress address) {
        String where = address.socketPath().map(Path::toString)
            .orElseGet(() -> address.tcpAddress().map(ConnectFailure::hostAndPort).orElse(address.toString()));
        return switch (this) {
            case NO_SOCKET -> "no Workload API socket at " + where + " (the agent is not running, or the address is wrong)";
            case PERMISSION_DENIED -> "permission denied on " + where + " (the socket's file mode does not let this user connect)";
            case CONNECTION_REFUSED -> "connection refused at " + where + (address.isUnix()
                    ? " (a socket file is there but no agent is listening)" : " (no agent is listening on that port)");
            case NOT_A_SOCKET -> where + " is not a socket (a regular file or a directory is there: the address is wrong)";
        };
    }

    private static String hostAndPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
