package dev.spiffeboot.autoconfigure.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.spiffeboot.tls.SpiffeTls;

/**
 * One HTTPS request on a new TLS connection to the server under test (127.0.0.1), written and read by hand so that
 * each call is a new handshake and requests can be malformed on purpose (e.g. two {@code Authorization} headers).
 */
public final class HttpsProbe {

    private HttpsProbe() {
    }

    /** The response, its headers (names in lower case) and the serial number of the certificate the server presented. */
    public record Response(int status, Map<String, List<String>> headers, String body, BigInteger serverSerial) {

        /** The first value of a header, or {@code null}. */
        public String header(String name) {
            List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
            return (values == null) ? null : values.get(0);
        }
    }

    public static Response get(int port, String path, SSLContext tls) throws IOException {
        return send(port, "GET", path, List.of(), tls);
    }

    /**
     * Sends one request.
     *
     * @param headerLines extra header lines, e.g. {@code "Authorization: Bearer ..."}
     */
    public static Response send(int port, String method, String path, List<String> headerLines, SSLContext tls) throws IOException {
        try (SSLSocket socket = SpiffeTls.dial(new InetSocketAddress("127.0.0.1", port), tls, Duration.ofSeconds(10))) {
            BigInteger serial = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
            for (String line : headerLines) {
                request.append(line).append("\r\n");
            }
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int headersEnd = response.indexOf("\r\n\r\n");
            return new Response(status, headers(response.substring(0, headersEnd)), decodeChunked(response.substring(headersEnd + 4)), serial);
        }
    }

    private static Map<String, List<String>> headers(String head) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
            }
        }
        return headers;
    }

    /** Undoes chunked transfer coding when the server used it. */
    private static String decodeChunked(String body) {
        StringBuilder decoded = new StringBuilder();
        String rest = body;
        while (true) {
            int lineEnd = rest.indexOf("\r\n");
            if (lineEnd < 0) {
                return body;
            }
            int size;
            try {
                size = Integer.parseInt(rest.substring(0, lineEnd).trim(), 16);
            }
            catch (NumberFormatException ex) {
                return body;
            }
            if (size == 0) {
                return decoded.toString();
            }
            decoded.append(rest, lineEnd + 2, lineEnd + 2 + size);
            rest = rest.substring(lineEnd + 2 + size + 2);
        }
    }
}
