package dev.spiffeboot.workloadapi;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Unix socket that forwards each connection to another one after a delay: an agent whose connections take that
 * long to get going. Stopping it removes its socket file and drops its connections, as a stopped agent does.
 */
final class SlowSocketProxy implements AutoCloseable {

    private final Path socket;

    private final Path target;

    private final Duration delay;

    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();

    private volatile ServerSocketChannel server;

    SlowSocketProxy(Path socket, Path target, Duration delay) {
        this.socket = socket;
        this.target = target;
        this.delay = delay;
    }

    void start() throws IOException {
        ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listening.bind(UnixDomainSocketAddress.of(this.socket));
        this.server = listening;
        daemon(() -> {
            while (listening.isOpen()) {
                try {
                    SocketChannel client = listening.accept();
                    this.connections.add(client);
                    daemon(() -> forward(client));
                }
                catch (IOException ex) {
                    return;
                }
            }
        });
    }

    private void forward(SocketChannel client) {
        try {
            Thread.sleep(this.delay.toMillis());
            SocketChannel agent = SocketChannel.open(UnixDomainSocketAddress.of(this.target));
            this.connections.add(agent);
            daemon(() -> pump(agent, client));
            pump(client, agent);
        }
        catch (IOException | InterruptedException ex) {
            closeQuietly(client);
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(16384);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        }
        catch (IOException ex) {
            // one side closed: the other follows
        }
        closeQuietly(from);
        closeQuietly(to);
    }

    void stop() throws IOException {
        closeQuietly(this.server);
        this.connections.forEach(SlowSocketProxy::closeQuietly);
        this.connections.clear();
        Files.deleteIfExists(this.socket);
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "slow-socket-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        }
        catch (IOException ex) {
            // closing is all there is to do with it
        }
    }
}
