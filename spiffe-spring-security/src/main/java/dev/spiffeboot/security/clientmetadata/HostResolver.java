package dev.spiffeboot.security.clientmetadata;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into its addresses for {@link ClientMetadataFetcher}, which checks them and connects to exactly
 * those it checked. The system's resolver is the default; another one serves tests, or a deployment that must not
 * use the system's.
 */
@FunctionalInterface
public interface HostResolver {

    /** The addresses of the host (a name, or an address literal). */
    InetAddress[] resolve(String host) throws UnknownHostException;

    /** The system's resolver ({@link InetAddress#getAllByName}). */
    static HostResolver system() {
        return InetAddress::getAllByName;
    }
}
