package dev.spiffeboot.devagent;

import java.util.function.Supplier;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerDomainSocketChannel;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The Netty transport of the agent's servers: epoll on Linux and kqueue on macOS (both report caller credentials
 * on Unix sockets), NIO elsewhere (TCP endpoints only).
 */
enum ServerTransport {

    EPOLL(EpollIoHandler::newFactory, EpollServerDomainSocketChannel.class, EpollServerSocketChannel.class),

    KQUEUE(KQueueIoHandler::newFactory, KQueueServerDomainSocketChannel.class, KQueueServerSocketChannel.class),

    NIO(NioIoHandler::newFactory, null, NioServerSocketChannel.class);

    /** Created on demand: the native transport of another platform cannot even be loaded. */
    private final Supplier<IoHandlerFactory> ioHandlers;

    private final Class<? extends ServerChannel> unixChannel;

    private final Class<? extends ServerChannel> tcpChannel;

    ServerTransport(Supplier<IoHandlerFactory> ioHandlers, Class<? extends ServerChannel> unixChannel,
            Class<? extends ServerChannel> tcpChannel) {
        this.ioHandlers = ioHandlers;
        this.unixChannel = unixChannel;
        this.tcpChannel = tcpChannel;
    }

    static ServerTransport forThisPlatform() {
        if (Epoll.isAvailable()) {
            return EPOLL;
        }
        return KQueue.isAvailable() ? KQUEUE : NIO;
    }

    IoHandlerFactory ioHandlers() {
        return this.ioHandlers.get();
    }

    Class<? extends ServerChannel> unixChannel() {
        if (this.unixChannel == null) {
            throw new IllegalStateException("the dev agent serves Unix domain sockets on Linux (epoll) or macOS (kqueue); "
                    + "use a tcp endpoint on this platform");
        }
        return this.unixChannel;
    }

    Class<? extends ServerChannel> tcpChannel() {
        return this.tcpChannel;
    }
}
