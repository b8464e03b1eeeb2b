package dev.spiffeboot.bench.reliability;

import java.util.function.Supplier;

import javax.net.ssl.SSLSocketFactory;

/**
 * What one kind of client sends and what it must get back.
 *
 * @param name the role's name in the report, e.g. {@code mtls} or {@code expired-token}
 * @param tls the client's TLS (with or without a client certificate)
 * @param path the path it GETs
 * @param authorization the {@code Authorization} header of each request, or {@code null} for none
 * @param expect the one answer it must get
 */
record ClientRole(String name, SSLSocketFactory tls, String path, Supplier<String> authorization, Expect expect) {

    /** The answer a role must get; anything else is unexpected. */
    enum Expect {

        /** 200. */
        OK,
        /** 401: a refused token. */
        UNAUTHORIZED,
        /** No HTTP answer: the server refuses the client's certificate during the handshake. */
        HANDSHAKE_REFUSED
    }
}
