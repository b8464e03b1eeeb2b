package dev.spiffeboot.spire;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Java application run as another Unix user ({@code setpriv}, no system user needed), with its Workload API from
 * {@code SPIFFE_ENDPOINT_SOCKET}: the SPIRE agent tells workloads apart by their uid.
 */
final class Workload {

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private final int uid;

    private final String workloadApi;

    private final Path jar;

    Workload(int uid, String workloadApi, Path jar) {
        this.uid = uid;
        this.workloadApi = workloadApi;
        this.jar = jar;
    }

    /** Starts the application in the background, its output in the log file. */
    Daemon start(String name, Path log, String... arguments) throws IOException {
        return Daemon.start(name, log, environment(), command(arguments));
    }

    /** Runs the application to completion. */
    Command run(Duration timeout, String... arguments) throws IOException, InterruptedException {
        return Command.run(timeout, environment(), command(arguments));
    }

    private Map<String, String> environment() {
        return Map.of("SPIFFE_ENDPOINT_SOCKET", this.workloadApi);
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid", String.valueOf(this.uid), "--regid",
                String.valueOf(this.uid), "--clear-groups", JAVA, "-jar", this.jar.toString()));
        command.addAll(List.of(arguments));
        return command;
    }
}
