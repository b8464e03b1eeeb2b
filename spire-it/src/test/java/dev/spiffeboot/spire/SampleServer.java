package dev.spiffeboot.spire;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A sample server application run as a workload, with HTTPS, its raw mTLS socket and its gRPC server (sample-server
 * only; sample-server-reactive and sample-auth-server ignore the settings they do not use) on free loopback ports.
 */
final class SampleServer implements AutoCloseable {

    private final String name;

    private final int httpsPort;

    private final int socketPort;

    private final int grpcPort;

    private final Daemon daemon;

    private SampleServer(String name, int httpsPort, int socketPort, int grpcPort, Daemon daemon) {
        this.name = name;
        this.httpsPort = httpsPort;
        this.socketPort = socketPort;
        this.grpcPort = grpcPort;
        this.daemon = daemon;
    }

    /**
     * Starts the application and waits until its own log says it serves HTTPS on its port, and the port answers.
     *
     * @param extra more command-line arguments
     */
    static SampleServer start(String name, Workload workload, Path log, String... extra) throws IOException, InterruptedException {
        int httpsPort = LoopbackPorts.free();
        int socketPort = LoopbackPorts.free();
        int grpcPort = LoopbackPorts.free();
        List<String> arguments = new ArrayList<>(List.of("--server.port=" + httpsPort, "--sample.socket.port=" + socketPort,
                "--spring.grpc.server.address=127.0.0.1", "--spring.grpc.server.port=" + grpcPort));
        arguments.addAll(List.of(extra));
        Daemon daemon = workload.start(name, log, arguments.toArray(String[]::new));
        SampleServer server = new SampleServer(name, httpsPort, socketPort, grpcPort, daemon);
        daemon.awaitReady("HTTPS port " + httpsPort, Duration.ofMinutes(2),
                () -> server.logContains("started on port " + httpsPort) && LoopbackPorts.open(httpsPort));
        return server;
    }

    String name() {
        return this.name;
    }

    /** The port of the gRPC greeter. */
    int grpcPort() {
        return this.grpcPort;
    }

    int httpsPort() {
        return this.httpsPort;
    }

    int socketPort() {
        return this.socketPort;
    }

    String log() throws IOException {
        return this.daemon.log();
    }

    boolean isAlive() {
        return this.daemon.isAlive();
    }

    private boolean logContains(String text) {
        try {
            return log().contains(text);
        }
        catch (IOException ex) {
            return false;
        }
    }

    @Override
    public void close() {
        this.daemon.close();
    }

    @Override
    public String toString() {
        return this.name;
    }
}
