package dev.spiffeboot.devagent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * One socket the agent serves the Workload API on, and the identities it hands out there. Giving each workload its
 * own socket is the simplest way to tell workloads apart on one machine; a shared socket can still tell them apart
 * by uid/gid.
 *
 * @param socket the Unix domain socket path, or {@code null} for TCP
 * @param tcp the TCP address (loopback), or {@code null} for a Unix domain socket
 * @param identities the identities, in the order SVIDs are sent (the first is the default)
 */
public record Endpoint(Path socket, InetSocketAddress tcp, List<Identity> identities) {

    public Endpoint {
        if ((socket == null) == (tcp == null)) {
            throw new IllegalArgumentException("an endpoint has either a socket or a tcp address");
        }
        identities = List.copyOf(identities);
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("endpoint " + (socket != null ? socket : tcp) + " has no identities");
        }
    }

    /** An endpoint on a Unix domain socket. */
    public static Endpoint unix(Path socket, Identity... identities) {
        return new Endpoint(socket.toAbsolutePath(), null, List.of(identities));
    }

    /** An endpoint on a TCP address (use loopback). */
    public static Endpoint tcp(InetSocketAddress address, Identity... identities) {
        return new Endpoint(null, address, List.of(identities));
    }

    /** The identities a caller gets: all without selectors, plus those whose selectors match. */
    public List<Identity> identitiesFor(PeerCredentials caller) {
        return this.identities.stream().filter(identity -> identity.grantedTo(caller)).toList();
    }

    @Override
    public String toString() {
        return this.socket != null ? "unix://" + this.socket : "tcp://" + this.tcp.getHostString() + ":" + this.tcp.getPort();
    }
}
