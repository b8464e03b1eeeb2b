package dev.spiffeboot.security.testing;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * TEST SCAFFOLDING, not a security mechanism: stands in for a TLS server that verified a client certificate, since
 * the tests bind {@code WebTestClient} to the application context without a TLS server. An exchange with the
 * header {@value #HEADER} gets the {@link SslInfo} of the chain registered under that name (real X509-SVID chains
 * made by {@code TestCa}), exactly as Reactor Netty would report the peer's chain; the header itself is removed.
 * Runs before every other filter.
 */
public final class TestClientCertificateWebFilter implements WebFilter, Ordered {

    /** The test header naming the chain the scaffolding presents. */
    public static final String HEADER = "X-Test-Scaffolding-Client-Chain";

    private final Map<String, List<X509Certificate>> chains;

    /** Scaffolding presenting the chains by name. */
    public TestClientCertificateWebFilter(Map<String, List<X509Certificate>> chains) {
        this.chains = Map.copyOf(chains);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String name = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (name == null) {
            return chain.filter(exchange);
        }
        X509Certificate[] presented = this.chains.get(name).toArray(new X509Certificate[0]);
        SslInfo ssl = new SslInfo() {

            @Override
            public String getSessionId() {
                return "test-session-" + name;
            }

            @Override
            public X509Certificate[] getPeerCertificates() {
                return presented.clone();
            }
        };
        return chain.filter(exchange.mutate().request(request -> request.sslInfo(ssl).headers(headers -> headers.remove(HEADER))).build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
