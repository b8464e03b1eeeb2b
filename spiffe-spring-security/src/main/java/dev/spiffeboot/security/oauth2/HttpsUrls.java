package dev.spiffeboot.security.oauth2;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * The rule every URL this project fetches from or names as an OAuth identifier follows: https with a host, no user
 * information and no fragment; plain http only for a loopback host, for tests and local development.
 */
public final class HttpsUrls {

    private HttpsUrls() {
    }

    /**
     * What is wrong with the URL, or {@code null} when it follows the rule.
     *
     * @param uri the URL
     * @param allowLoopbackHttp whether http is accepted for a loopback host
     */
    public static String problem(URI uri, boolean allowLoopbackHttp) {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean http = "http".equalsIgnoreCase(uri.getScheme());
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must be an absolute URL with a host";
        }
        if (!https && !(http && allowLoopbackHttp && isLoopbackHost(uri.getHost()))) {
            return "must be an https URL (http only for a loopback host)";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not have user information";
        }
        if (uri.getRawFragment() != null) {
            return "must not have a fragment";
        }
        return null;
    }

    /** Whether a URL's host is a loopback address literal or {@code localhost}, without resolving any name. */
    public static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        boolean ipv6Literal = host.startsWith("[") && host.endsWith("]");
        if (!ipv6Literal && !host.matches("[0-9.]+")) {
            return false;
        }
        try {
            // a literal: no name is looked up
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (UnknownHostException ex) {
            return false;
        }
    }
}
