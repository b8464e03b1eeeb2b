package dev.spiffeboot.workloadapi;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.spiffeboot.text.LogSafe;

/**
 * The address of a SPIFFE Workload API endpoint, as the SPIFFE Workload Endpoint standard (section 4) defines it:
 * <ul>
 * <li>{@code unix:///absolute/path} or {@code unix:/absolute/path}: a Unix domain socket; no authority, query or
 * fragment;</li>
 * <li>{@code tcp://IP:port}: a TCP socket; the host must be an IP address (no name lookup), the port is required,
 * and there is no path, query, fragment or userinfo.</li>
 * </ul>
 * Anything else is refused with an {@link IllegalArgumentException} that says which rule it broke.
 */
public final class WorkloadApiAddress {

    /** The environment variable holding the default address. */
    public static final String ENVIRONMENT_VARIABLE = "SPIFFE_ENDPOINT_SOCKET";

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private static final int MAX_PORT = 65535;

    private final String value;

    private final Path socketPath;

    private final InetSocketAddress tcpAddress;

    private WorkloadApiAddress(String value, Path socketPath, InetSocketAddress tcpAddress) {
        this.value = value;
        this.socketPath = socketPath;
        this.tcpAddress = tcpAddress;
    }

    /**
     * Parses an address.
     *
     * @throws IllegalArgumentException naming the rule the address breaks
     */
    public static WorkloadApiAddress parse(String address) {
        if (address == null || address.isBlank()) {
            throw invalid(String.valueOf(address), "it is empty");
        }
        URI uri;
        try {
            uri = new URI(address);
        }
        catch (URISyntaxException ex) {
            throw invalid(address, "it is not a valid URI (" + ex.getReason() + ")");
        }
        if ("unix".equals(uri.getScheme())) {
            return parseUnix(address, uri);
        }
        if ("tcp".equals(uri.getScheme())) {
            return parseTcp(address, uri);
        }
        throw invalid(address, "the scheme must be \"unix\" or \"tcp\"");
    }

    /**
     * The address in {@code SPIFFE_ENDPOINT_SOCKET}, if the variable is set.
     *
     * @throws IllegalArgumentException if the variable is set to an invalid address
     */
    public static Optional<WorkloadApiAddress> fromEnvironment() {
        String value = System.getenv(ENVIRONMENT_VARIABLE);
        return (value == null || value.isEmpty()) ? Optional.empty() : Optional.of(parse(value));
    }

    /**
     * The given address if there is one, else the one in {@code SPIFFE_ENDPOINT_SOCKET}, as the standard asks.
     *
     * @throws IllegalArgumentException if neither is set, or the address is invalid
     */
    public static WorkloadApiAddress resolve(String configured) {
        if (configured != null && !configured.isEmpty()) {
            return parse(configured);
        }
        return fromEnvironment().orElseThrow(() -> new IllegalArgumentException(
                "no Workload API address: configure one or set " + ENVIRONMENT_VARIABLE + " (e.g. unix:///tmp/spire-agent/public/api.sock)"));
    }

    /** A Unix domain socket address for the path. */
    public static WorkloadApiAddress unix(Path socketPath) {
        try {
            return parse(new URI("unix", null, socketPath.toAbsolutePath().toString(), null).toString());
        }
        catch (URISyntaxException ex) {
            throw invalid(socketPath.toString(), "the socket path cannot be written as a URI");
        }
    }

    private static WorkloadApiAddress parseUnix(String address, URI uri) {
        if (uri.isOpaque()) {
            throw invalid(address, "a unix address needs an absolute path (unix:///path or unix:/path)");
        }
        if (uri.getRawAuthority() != null) {
            throw invalid(address, "a unix address must not have an authority (use unix:///path or unix:/path)");
        }
        checkNoQueryOrFragment(address, uri);
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            throw invalid(address, "a unix address needs the path of the socket");
        }
        try {
            return new WorkloadApiAddress(address, Path.of(path), null);
        }
        catch (InvalidPathException ex) {
            // e.g. a NUL byte (%00), or characters the platform's file names cannot hold
            throw invalid(address, "the socket path is not a file path (" + ex.getReason() + ")");
        }
    }

    private static WorkloadApiAddress parseTcp(String address, URI uri) {
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw invalid(address, "a tcp address must be tcp://IP:port");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(address, "a tcp address must not have userinfo");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
            throw invalid(address, "a tcp address must not have a path");
        }
        checkNoQueryOrFragment(address, uri);
        String host = uri.getHost();
        if (host == null) {
            throw invalid(address, "the host of a tcp address must be an IP address (and the port a number)");
        }
        if (uri.getPort() < 0) {
            throw invalid(address, "a tcp address needs a port");
        }
        if (uri.getPort() > MAX_PORT) {
            throw invalid(address, "the port of a tcp address must be at most " + MAX_PORT);
        }
        return new WorkloadApiAddress(address, null, new InetSocketAddress(ipLiteral(address, host), uri.getPort()));
    }

    /** Reads an IP literal without any name lookup. */
    private static InetAddress ipLiteral(String address, String host) {
        boolean ipv6 = host.startsWith("[") && host.endsWith("]");
        if (!ipv6 && !IPV4.matcher(host).matches()) {
            throw invalid(address, "the host of a tcp address must be an IP address, not a name");
        }
        try {
            // a literal IPv4 address or a bracketed IPv6 address is parsed, never looked up
            return InetAddress.getByName(host);
        }
        catch (UnknownHostException ex) {
            throw invalid(address, "the host of a tcp address must be an IP address");
        }
    }

    private static void checkNoQueryOrFragment(String address, URI uri) {
        if (uri.getRawQuery() != null) {
            throw invalid(address, "the address must not have a query");
        }
        if (uri.getRawFragment() != null) {
            throw invalid(address, "the address must not have a fragment");
        }
    }

    private static IllegalArgumentException invalid(String address, String rule) {
        return new IllegalArgumentException("invalid Workload API address " + LogSafe.quote(address) + ": " + rule);
    }

    /** Whether this is a Unix domain socket address. */
    public boolean isUnix() {
        return this.socketPath != null;
    }

    /** The socket path of a {@code unix} address. */
    public Optional<Path> socketPath() {
        return Optional.ofNullable(this.socketPath);
    }

    /** The IP address and port of a {@code tcp} address. */
    public Optional<InetSocketAddress> tcpAddress() {
        return Optional.ofNullable(this.tcpAddress);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof WorkloadApiAddress && this.value.equals(((WorkloadApiAddress) other).value));
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.value);
    }

    /** The address as given, e.g. {@code unix:///tmp/agent.sock}. */
    @Override
    public String toString() {
        return this.value;
    }
}
