package dev.spiffeboot.autoconfigure.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.spiffeboot.tls.SpiffeTls;

/** One HTTPS request on a new TLS connection to the server under test, read by hand so each call is a new handshake. */
final class HttpsProbe {

    private HttpsProbe() {
    }

    /** The response and the serial number of the certificate the server presented. */
    record Response(int status, String body, BigInteger serverSerial) {
    }

    static Response get(int port, String path, SSLContext tls) throws IOException {
        try (SSLSocket socket = SpiffeTls.dial(new InetSocketAddress("127.0.0.1", port), tls, Duration.ofSeconds(10))) {
            BigInteger serial = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                .write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = read(socket.getInputStream());
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyStart = response.indexOf("\r\n\r\n") + 4;
            return new Response(status, decodeChunked(response.substring(bodyStart)), serial);
        }
    }

    private static String read(InputStream input) throws IOException {
        return new String(input.readAllBytes(), StandardCharsets.UTF_8);
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
