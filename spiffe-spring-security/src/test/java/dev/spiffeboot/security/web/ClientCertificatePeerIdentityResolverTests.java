package dev.spiffeboot.security.web;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.web.MockHttpServletRequest;

import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.DevAgentConfig;
import dev.spiffeboot.devagent.Endpoint;
import dev.spiffeboot.devagent.Identity;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.authentication.PeerVerifier;
import dev.spiffeboot.security.testing.LogCapture;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;

/** The peer of a request from its client certificate chain, verified against the bundles of the moment. */
class ClientCertificatePeerIdentityResolverTests {

    static final String CLIENT = "spiffe://example.org/client";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(CLIENT).build();

    @RegisterExtension
    final LogCapture log = LogCapture.of(PeerVerifier.class);

    final AtomicReference<X509BundleSet> bundles = new AtomicReference<>();

    final AtomicInteger rejections = new AtomicInteger();

    final X509SvidVerifier verifier = X509SvidVerifier.builder(trustDomain -> this.bundles.get().findX509Bundle(trustDomain))
        .cacheSize(100)
        .build();

    final ClientCertificatePeerIdentityResolver resolver = new ClientCertificatePeerIdentityResolver(
            new PeerVerifier(this.verifier, (role, failure) -> this.rejections.incrementAndGet()));

    private static MockHttpServletRequest requestWith(List<X509Certificate> chain) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(ClientCertificatePeerIdentityResolver.CERTIFICATE_ATTRIBUTE, chain.toArray(new X509Certificate[0]));
        return request;
    }

    private static List<X509Certificate> clientChain() {
        return agent.agent().currentX509Svid(SpiffeId.parse(CLIENT)).chain();
    }

    private static DevAgentConfig otherCa(Path directory) {
        return DevAgentConfig.builder(TrustDomain.parse("example.org"), directory.resolve("ca"))
            .endpoint(Endpoint.unix(directory.resolve("other.sock"), Identity.of(CLIENT)))
            .build();
    }

    @Test
    void aVerifiedChainIsTheCallerAndARequestWithoutOneHasNoPeer() {
        try (X509Source source = X509Source.builder().address(agent.address(CLIENT)).build()) {
            this.bundles.set(source.bundles());
            assertThat(this.resolver.resolve(requestWith(clientChain()))).isEqualTo(SpiffeId.parse(CLIENT));
            assertThat(this.resolver.resolve(new MockHttpServletRequest())).isNull();
        }
    }

    @Test
    void aChainIsRefusedOnceItsCaLeavesTheBundle(@TempDir Path directory) throws Exception {
        try (X509Source source = X509Source.builder().address(agent.address(CLIENT)).build();
                DevAgent other = DevAgent.start(otherCa(directory));
                X509Source otherSource = X509Source.builder().address(other.address(0)).build()) {
            this.bundles.set(source.bundles());
            List<X509Certificate> chain = clientChain();
            assertThat(this.resolver.resolve(requestWith(chain))).isEqualTo(SpiffeId.parse(CLIENT));
            this.bundles.set(otherSource.bundles());
            assertThat(this.resolver.resolve(requestWith(chain))).isNull();
            assertThat(this.rejections).hasValue(1);
        }
    }

    @Test
    void aRefusedChainIsLoggedAndCountedOnceNotAtEveryRequest(@TempDir Path directory) throws Exception {
        try (DevAgent other = DevAgent.start(otherCa(directory));
                X509Source otherSource = X509Source.builder().address(other.address(0)).build()) {
            this.bundles.set(otherSource.bundles());
            for (int i = 0; i < 3; i++) {
                assertThat(this.resolver.resolve(requestWith(clientChain()))).isNull();
            }
            assertThat(this.rejections).hasValue(1);
            assertThat(this.log.messages()).filteredOn(line -> line.startsWith("Ignoring the client certificate of this request"))
                .hasSize(1);
        }
    }

    @Test
    void theOutcomeIsKeptOnTheRequest() {
        try (X509Source source = X509Source.builder().address(agent.address(CLIENT)).build()) {
            this.bundles.set(source.bundles());
            MockHttpServletRequest request = requestWith(clientChain());
            assertThat(this.resolver.resolve(request)).isEqualTo(SpiffeId.parse(CLIENT));
            // the bundle of the moment no longer matters for this request: it was checked once
            this.bundles.set(X509BundleSet.empty());
            assertThat(this.resolver.resolve(request)).isEqualTo(SpiffeId.parse(CLIENT));
        }
    }
}
