package dev.spiffeboot.workloadapi;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueDomainSocketChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;

/**
 * Picks the Netty transport for a Workload API address: epoll on Linux (x86_64 and aarch64 native libraries ship in
 * the same artifact), kqueue on macOS, and the JDK's own Unix domain sockets (Java 16+) through Netty NIO anywhere
 * else. TCP addresses use NIO.
 */
final class WorkloadApiTransport {

    private final IoHandlerFactory ioHandlerFactory;

    private final Class<? extends Channel> channelType;

    private final SocketAddress socketAddress;

    private final String name;

    private WorkloadApiTransport(IoHandlerFactory ioHandlerFactory, Class<? extends Channel> channelType,
            SocketAddress socketAddress, String name) {
        this.ioHandlerFactory = ioHandlerFactory;
        this.channelType = channelType;
        this.socketAddress = socketAddress;
        this.name = name;
    }

    static WorkloadApiTransport forAddress(WorkloadApiAddress address) {
        if (address.tcpAddress().isPresent()) {
            return new WorkloadApiTransport(NioIoHandler.newFactory(), NioSocketChannel.class, address.tcpAddress().get(),
                    "tcp");
        }
        Path socket = address.socketPath().orElseThrow();
        if (Epoll.isAvailable()) {
            return new WorkloadApiTransport(EpollIoHandler.newFactory(), EpollDomainSocketChannel.class,
                    new DomainSocketAddress(socket.toString()), "epoll");
        }
        if (KQueue.isAvailable()) {
            return new WorkloadApiTransport(KQueueIoHandler.newFactory(), KQueueDomainSocketChannel.class,
                    new DomainSocketAddress(socket.toString()), "kqueue");
        }
        return new WorkloadApiTransport(NioIoHandler.newFactory(), NioDomainSocketChannel.class,
                UnixDomainSocketAddress.of(socket), "nio-unix");
    }

    EventLoopGroup newEventLoopGroup(ThreadFactory threads) {
        return new MultiThreadIoEventLoopGroup(1, threads, this.ioHandlerFactory);
    }

    Class<? extends Channel> channelType() {
        return this.channelType;
    }

    SocketAddress socketAddress() {
        return this.socketAddress;
    }

    /** The transport's name for logs: epoll, kqueue, nio-unix or tcp. */
    String name() {
        return this.name;
    }
}
