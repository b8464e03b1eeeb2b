package dev.spiffeboot.security.web.server;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.reactive.SslInfo;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import dev.spiffeboot.security.authentication.PeerVerifier;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;

/** The peer of an exchange from its {@code SslInfo} chain, verified once per exchange. */
class SslInfoPeerIdentityResolverTests {

    static final String CLIENT = "spiffe://example.org/client";

    final TestCa ca = TestCa.root("example.org");

    final AtomicInteger bundleLookups = new AtomicInteger();

    final AtomicInteger rejections = new AtomicInteger();

    final SslInfoPeerIdentityResolver resolver = new SslInfoPeerIdentityResolver(new PeerVerifier(
            X509SvidVerifier.builder(trustDomain -> {
                this.bundleLookups.incrementAndGet();
                return Optional.of(this.ca.bundle());
            }).build(), (role, failure) -> this.rejections.incrementAndGet()));

    private static MockServerWebExchange exchangeWith(List<X509Certificate> chain) {
        X509Certificate[] presented = chain.toArray(new X509Certificate[0]);
        return MockServerWebExchange.from(MockServerHttpRequest.get("/").sslInfo(new SslInfo() {

            @Override
            public String getSessionId() {
                return "session";
            }

            @Override
            public X509Certificate[] getPeerCertificates() {
                return presented;
            }
        }));
    }

    @Test
    void aVerifiedChainIsThePeerAndIsVerifiedOncePerExchange() {
        MockServerWebExchange exchange = exchangeWith(this.ca.leaf(CLIENT).issue().chain());
        assertThat(this.resolver.resolve(exchange)).isEqualTo(SpiffeId.parse(CLIENT));
        int lookups = this.bundleLookups.get();
        assertThat(this.resolver.resolve(exchange)).isEqualTo(SpiffeId.parse(CLIENT));
        assertThat(this.bundleLookups.get()).isEqualTo(lookups);
    }

    @Test
    void anExchangeWithoutTlsOrWithoutAClientCertificateHasNoPeer() {
        assertThat(this.resolver.resolve(MockServerWebExchange.from(MockServerHttpRequest.get("/")))).isNull();
        assertThat(this.resolver.resolve(exchangeWith(List.of()))).isNull();
    }

    @Test
    void aChainOfAnotherCaIsNoPeerAndIsReportedOnce() {
        MockServerWebExchange exchange = exchangeWith(TestCa.root("example.org").leaf(CLIENT).issue().chain());
        assertThat(this.resolver.resolve(exchange)).isNull();
        assertThat(this.resolver.resolve(exchange)).isNull();
        assertThat(this.rejections.get()).isEqualTo(1);
    }
}
