package dev.spiffeboot.devagent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;

import dev.spiffeboot.workloadapi.WorkloadApiAddress;

/**
 * The gRPC server of one endpoint: a Unix domain socket (epoll on Linux, kqueue on macOS, with caller credentials)
 * or a loopback TCP port. It can be stopped and started again on the same address, to simulate an agent restart.
 */
final class EndpointServer {

    private final Endpoint endpoint;

    private final AgentState state;

    private final EventLoopGroup eventLoops;

    private final ExecutorService executor;

    private final ServerTransport transport;

    private Server server;

    private WorkloadApiAddress address;

    EndpointServer(Endpoint endpoint, AgentState state, ServerTransport transport, EventLoopGroup eventLoops,
            ExecutorService executor) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.state = state;
        this.eventLoops = eventLoops;
        this.executor = executor;
    }

    private static final Set<PosixFilePermission> ANYONE_CONNECTS = PosixFilePermissions.fromString("rwxrwxrwx");

    synchronized void start() throws IOException {
        if (this.server != null) {
            return;
        }
        NettyServerBuilder builder;
        if (this.endpoint.socket() != null) {
            Path socket = this.endpoint.socket();
            Files.createDirectories(socket.getParent());
            removeStaleSocket(socket);
            builder = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()),
                    InternalNettyServerCredentials.create(new PeerCredentialsNegotiator()))
                .channelType(this.transport.unixChannel())
                // gRPC asks every socket for TCP keep-alive; Unix sockets have none and Netty would warn
                .withChildOption(ChannelOption.SO_KEEPALIVE, null);
        }
        else {
            builder = NettyServerBuilder.forAddress(this.endpoint.tcp(), InsecureServerCredentials.create())
                .channelType(this.transport.tcpChannel());
        }
        WorkloadApiService service = new WorkloadApiService(this.endpoint, this.state);
        this.server = builder.bossEventLoopGroup(this.eventLoops)
            .workerEventLoopGroup(this.eventLoops)
            .executor(this.executor)
            .addService(ServerInterceptors.intercept(service, new CallerIdentity(), new SecurityHeaderCheck()))
            .build()
            .start();
        if (this.endpoint.socket() != null) {
            // any local user may connect, as to SPIRE's agent socket: the caller's identity comes from the socket's
            // peer credentials, not from who may open the file
            Files.setPosixFilePermissions(this.endpoint.socket(), ANYONE_CONNECTS);
        }
        this.address = this.endpoint.socket() != null ? WorkloadApiAddress.unix(this.endpoint.socket())
                : WorkloadApiAddress.parse("tcp://" + hostLiteral(this.endpoint.tcp()) + ":"
                        + ((InetSocketAddress) this.server.getListenSockets().get(0)).getPort());
    }

    /** Removes a socket left by an earlier run, but never a regular file or directory at the configured path. */
    private static void removeStaleSocket(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isRegularFile(socket, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(socket, LinkOption.NOFOLLOW_LINKS)
                || Files.isSymbolicLink(socket)) {
            throw new IOException("refusing to replace " + socket + " with the agent's socket: it is not a socket");
        }
        Files.delete(socket);
    }

    private static String hostLiteral(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** Stops serving (open streams end with UNAVAILABLE) and removes the socket file. */
    synchronized void stop() throws IOException {
        if (this.server == null) {
            return;
        }
        this.server.shutdownNow();
        try {
            this.server.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        this.server = null;
        if (this.endpoint.socket() != null) {
            Files.deleteIfExists(this.endpoint.socket());
        }
    }

    /** The Workload API address of the endpoint (with the actual port of a TCP endpoint once started). */
    synchronized WorkloadApiAddress address() {
        return this.address;
    }

    Endpoint endpoint() {
        return this.endpoint;
    }
}
