package dev.spiffeboot.devagent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * The directory of one trust domain's dev CA and JWT keys, shared by every agent that uses it. Reads and writes
 * happen under its lock: a file lock between processes, and an in-process lock in front of it (a JVM may hold a
 * file lock once, and would fail rather than wait for a second agent in the same process).
 */
final class CaDirectory {

    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path directory;

    private CaDirectory(Path directory) {
        this.directory = directory;
    }

    /** The directory of the trust domain under the CA directory, created if absent. */
    static CaDirectory of(Path caDirectory, TrustDomain trustDomain) throws IOException {
        Path directory = caDirectory.resolve(trustDomain.name()).toAbsolutePath().normalize();
        Files.createDirectories(directory);
        return new CaDirectory(directory);
    }

    Path file(String name) {
        return this.directory.resolve(name);
    }

    @Override
    public String toString() {
        return this.directory.toString();
    }

    /** Something done with the directory's files while its lock is held. */
    @FunctionalInterface
    interface Locked<T> {

        T run() throws IOException;
    }

    <T> T locked(Locked<T> action) throws IOException {
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(this.directory, key -> new ReentrantLock());
        inProcess.lock();
        try (FileChannel lockFile = FileChannel.open(file(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            return action.run();
        }
        finally {
            inProcess.unlock();
        }
    }
}
