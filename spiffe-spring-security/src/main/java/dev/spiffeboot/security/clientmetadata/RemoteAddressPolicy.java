package dev.spiffeboot.security.clientmetadata;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;

import dev.spiffeboot.security.oauth2.HttpsUrls;

/**
 * Which IP addresses client metadata may be fetched from. Public unicast addresses are; so are loopback addresses
 * when loopback is allowed (tests, development), and private ones (RFC 1918, CGNAT {@code 100.64.0.0/10}, IPv6
 * unique-local {@code fc00::/7} and the old site-local {@code fec0::/10}) when private addresses are allowed (an
 * internal deployment). Never: link-local ({@code 169.254.0.0/16}, where cloud metadata services answer, and
 * {@code fe80::/10}), unspecified, multicast, broadcast and the other special-use blocks of RFC 6890 (documentation,
 * benchmarking, protocol assignments, reserved, Teredo, IPv4-compatible IPv6). The IPv4 address inside NAT64
 * ({@code 64:ff9b::/96}) and 6to4 ({@code 2002::/16}) addresses is judged as itself.
 */
final class RemoteAddressPolicy {

    private final boolean allowLoopback;

    private final boolean allowPrivate;

    RemoteAddressPolicy(boolean allowLoopback, boolean allowPrivate) {
        this.allowLoopback = allowLoopback;
        this.allowPrivate = allowPrivate;
    }

    boolean allowsLoopback() {
        return this.allowLoopback;
    }

    /** Why the address is refused, e.g. {@code "a link-local address"}, or {@code null} when it is allowed. */
    String refusal(InetAddress address) {
        Category category = categorize(address);
        return switch (category) {
            case PUBLIC -> null;
            case LOOPBACK -> this.allowLoopback ? null : category.description;
            case PRIVATE -> this.allowPrivate ? null : category.description;
            default -> category.description;
        };
    }

    /**
     * What is wrong with where a URL points, or {@code null}: it must be {@code https} ({@code http} only for a
     * loopback host, when loopback is allowed), with a host and without user info.
     */
    static String urlProblem(URI uri, boolean allowLoopback) {
        boolean https = "https".equals(uri.getScheme());
        boolean http = "http".equals(uri.getScheme());
        if (!https && !http) {
            return "must use the https scheme";
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            return "must not contain user info";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must have a host";
        }
        if (http && !(allowLoopback && isLoopbackHost(uri.getHost()))) {
            return "must use the https scheme (http only for a loopback host, when loopback is allowed)";
        }
        return null;
    }

    /** Whether a URL's host is a loopback address literal or {@code localhost}, without resolving any name. */
    static boolean isLoopbackHost(String host) {
        return HttpsUrls.isLoopbackHost(host);
    }

    private enum Category {

        PUBLIC("a public address"), LOOPBACK("a loopback address"), PRIVATE("a private address"),
        LINK_LOCAL("a link-local address"), UNSPECIFIED("the unspecified address"), MULTICAST("a multicast address"),
        SPECIAL_USE("a special-use address");

        private final String description;

        Category(String description) {
            this.description = description;
        }
    }

    private static Category categorize(InetAddress address) {
        if (address instanceof Inet4Address) {
            return categorizeIpv4(address.getAddress());
        }
        byte[] bytes = address.getAddress();
        if (address.isLoopbackAddress()) {
            return Category.LOOPBACK;
        }
        if (address.isAnyLocalAddress()) {
            return Category.UNSPECIFIED;
        }
        if (address.isMulticastAddress()) {
            return Category.MULTICAST;
        }
        if (address.isLinkLocalAddress()) {
            return Category.LINK_LOCAL;
        }
        if ((bytes[0] & 0xFE) == 0xFC || address.isSiteLocalAddress()) {
            return Category.PRIVATE;
        }
        if (prefix(bytes, 0x00, 0x64, 0xFF, 0x9B) && zeros(bytes, 4, 12)) {
            return categorizeIpv4(new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] });
        }
        if (prefix(bytes, 0x20, 0x02)) {
            return categorizeIpv4(new byte[] { bytes[2], bytes[3], bytes[4], bytes[5] });
        }
        if (prefix(bytes, 0x20, 0x01, 0x00, 0x00) || prefix(bytes, 0x20, 0x01, 0x0D, 0xB8)
                || ((Inet6Address) address).isIPv4CompatibleAddress() || zeros(bytes, 0, 10)) {
            // Teredo, documentation, IPv4-compatible, and anything else in ::/80 (IPv4-mapped arrives as IPv4)
            return Category.SPECIAL_USE;
        }
        return Category.PUBLIC;
    }

    private static Category categorizeIpv4(byte[] bytes) {
        int a = bytes[0] & 0xFF;
        int b = bytes[1] & 0xFF;
        int c = bytes[2] & 0xFF;
        if (a == 127) {
            return Category.LOOPBACK;
        }
        if (a == 0) {
            return Category.UNSPECIFIED;
        }
        if (a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168) || (a == 100 && b >= 64 && b <= 127)) {
            return Category.PRIVATE;
        }
        if (a == 169 && b == 254) {
            return Category.LINK_LOCAL;
        }
        if (a >= 224 && a <= 239) {
            return Category.MULTICAST;
        }
        if (a >= 240 || (a == 192 && b == 0 && (c == 0 || c == 2)) || (a == 198 && (b == 18 || b == 19))
                || (a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113)) {
            // reserved and broadcast, protocol assignments, documentation, benchmarking
            return Category.SPECIAL_USE;
        }
        return Category.PUBLIC;
    }

    private static boolean prefix(byte[] bytes, int... values) {
        for (int i = 0; i < values.length; i++) {
            if ((bytes[i] & 0xFF) != values[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
