package dev.spiffeboot.svid.x509;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.bundle.X509BundleSource;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.InvalidX509SvidException.Reason;
import dev.spiffeboot.testing.LeafBuilder;
import dev.spiffeboot.testing.MutableClock;
import dev.spiffeboot.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class X509SvidVerifierTests {

    private static final String WORKLOAD = "spiffe://example.org/workload";

    private final TestCa example = TestCa.root("example.org");

    private final TestCa federated = TestCa.root("federated.org");

    private final X509SvidVerifier verifier = X509SvidVerifier.of(X509BundleSet.of(this.example.bundle(), this.federated.bundle()));

    @Test
    void verifiesALeafSignedByTheRootOfItsTrustDomain() throws Exception {
        LeafBuilder.Issued issued = this.example.leaf(WORKLOAD).issue();
        VerifiedX509Svid peer = this.verifier.verify(issued.chain());
        assertThat(peer.id()).isEqualTo(SpiffeId.parse(WORKLOAD));
        assertThat(peer.verifiedChain()).containsExactly(issued.leaf(), this.example.certificate());
    }

    @Test
    void verifiesThroughIntermediates() throws Exception {
        TestCa intermediate = this.example.intermediate().intermediate();
        LeafBuilder.Issued issued = intermediate.leaf(WORKLOAD).issue();
        assertThat(issued.chain()).hasSize(3);
        VerifiedX509Svid peer = this.verifier.verify(issued.chain());
        assertThat(peer.verifiedChain()).hasSize(4).last().isEqualTo(this.example.certificate());
    }

    @Test
    void acceptsAChainThatCarriesItsRoot() throws Exception {
        LeafBuilder.Issued issued = this.example.intermediate().leaf(WORKLOAD).issue();
        List<X509Certificate> withRoot = new ArrayList<>(issued.chain());
        withRoot.add(this.example.certificate());
        assertThat(this.verifier.verify(withRoot).id()).isEqualTo(SpiffeId.parse(WORKLOAD));
    }

    @Test
    void verifiesFederatedPeersAgainstTheirOwnBundle() throws Exception {
        LeafBuilder.Issued issued = this.federated.leaf("spiffe://federated.org/partner").issue();
        assertThat(this.verifier.verify(issued.chain()).id().trustDomain().name()).isEqualTo("federated.org");
    }

    @Test
    void refusesAChainSignedByTheCaOfAnotherTrustDomain() {
        // federated.org's CA is trusted, but only for federated.org: it cannot vouch for an example.org ID
        LeafBuilder.Issued forged = this.federated.leaf(WORKLOAD).issue();
        assertThatThrownBy(() -> this.verifier.verify(forged.chain()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.UNTRUSTED_CHAIN))
            .hasMessageStartingWith("certificate of \"spiffe://example.org/workload\" does not verify against the X.509 "
                    + "bundle of \"example.org\"");
    }

    @Test
    void refusesAChainFromAnUntrustedCaOfTheSameTrustDomain() {
        LeafBuilder.Issued issued = TestCa.root("example.org").leaf(WORKLOAD).issue();
        assertThatThrownBy(() -> this.verifier.verify(issued.chain()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.UNTRUSTED_CHAIN));
    }

    @Test
    void refusesPeersOfUnknownTrustDomains() {
        LeafBuilder.Issued issued = TestCa.root("unknown.org").leaf("spiffe://unknown.org/x").issue();
        assertThatThrownBy(() -> this.verifier.verify(issued.chain()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class,
                    ex -> assertThat(ex.reason()).isEqualTo(Reason.UNTRUSTED_TRUST_DOMAIN))
            .hasMessage("no X.509 bundle for trust domain \"unknown.org\" (peer \"spiffe://unknown.org/x\")");
    }

    @Test
    void refusesExpiredAndNotYetValidLeaves() {
        Instant now = Instant.now();
        LeafBuilder.Issued expired = this.example.leaf(WORKLOAD).validity(now.minusSeconds(7200), now.minusSeconds(3600)).issue();
        assertThatThrownBy(() -> this.verifier.verify(expired.chain()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.EXPIRED))
            .hasMessage("certificate of \"spiffe://example.org/workload\" expired at "
                    + expired.leaf().getNotAfter().toInstant());
        LeafBuilder.Issued future = this.example.leaf(WORKLOAD).validity(now.plusSeconds(3600), now.plusSeconds(7200)).issue();
        assertThatThrownBy(() -> this.verifier.verify(future.chain()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.NOT_YET_VALID));
    }

    @Test
    void checksValidityAtTheTimeOfItsClock() throws Exception {
        LeafBuilder.Issued issued = this.example.leaf(WORKLOAD).issue();
        X509SvidVerifier later = X509SvidVerifier.builder(this.example.bundle())
            .clock(Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC))
            .build();
        assertThatThrownBy(() -> later.verify(issued.chain()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.EXPIRED));
    }

    @Test
    void refusesPeerLeavesThatBreakTheProfile() {
        assertReason(this.example.leaf(WORKLOAD).ca(true).issue(), Reason.LEAF_IS_CA);
        assertReason(this.example.leaf(WORKLOAD).uris(WORKLOAD, "spiffe://example.org/b").issue(), Reason.MULTIPLE_URI_SANS);
        assertReason(this.example.leaf(WORKLOAD).uris().issue(), Reason.NO_URI_SAN);
        assertReason(this.example.leaf("spiffe://example.org").issue(), Reason.ROOT_PATH);
        assertReason(this.example.leaf(WORKLOAD).keyUsage(KeyUsage.keyAgreement).issue(), Reason.MISSING_DIGITAL_SIGNATURE);
    }

    @Test
    void refusesAnEmptyChain() {
        assertThatThrownBy(() -> this.verifier.verify(List.of()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.NO_CERTIFICATES));
    }

    @Test
    void refusesWhenTheBundleOfTheTrustDomainIsEmpty() {
        X509SvidVerifier emptyBundle = X509SvidVerifier.of(X509Bundle.of(this.example.trustDomain(), List.of()));
        assertThatThrownBy(() -> emptyBundle.verify(this.example.leaf(WORKLOAD).issue().chain()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.UNTRUSTED_CHAIN))
            .hasMessageEndingWith("the bundle has no authorities");
    }

    @Test
    void aCachingVerifierChecksAChainOncePerBundle() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        AtomicReference<X509Bundle> bundle = new AtomicReference<>(this.example.bundle());
        X509BundleSource counted = trustDomain -> {
            lookups.incrementAndGet();
            return Optional.of(bundle.get());
        };
        X509SvidVerifier cached = X509SvidVerifier.builder(counted).cacheSize(10).build();
        LeafBuilder.Issued issued = this.example.leaf(WORKLOAD).issue();
        VerifiedX509Svid first = cached.verify(issued.chain());
        // a copy of the chain, as the next handshake of the same peer presents it
        VerifiedX509Svid second = cached.verify(List.copyOf(issued.chain()));
        assertThat(second).isSameAs(first);
        // one lookup to verify, one to see that the bundle of the cached outcome is still the current one
        assertThat(lookups).hasValue(2);
        bundle.set(X509Bundle.of(this.example.trustDomain(), this.example.bundle().authorities()));
        assertThat(cached.verify(issued.chain())).isSameAs(first);
    }

    @Test
    void aCachedOutcomeIsReconsideredWhenTheBundleChanges() throws Exception {
        TestCa otherCa = TestCa.root("example.org");
        AtomicReference<X509Bundle> bundle = new AtomicReference<>(this.example.bundle());
        X509SvidVerifier cached = X509SvidVerifier.builder(trustDomain -> Optional.of(bundle.get())).cacheSize(10).build();
        LeafBuilder.Issued issued = this.example.leaf(WORKLOAD).issue();
        assertThat(cached.verify(issued.chain()).id()).isEqualTo(SpiffeId.parse(WORKLOAD));
        bundle.set(otherCa.bundle());
        assertThatThrownBy(() -> cached.verify(issued.chain()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.UNTRUSTED_CHAIN));
        bundle.set(this.example.bundle());
        assertThat(cached.verify(issued.chain()).id()).isEqualTo(SpiffeId.parse(WORKLOAD));
    }

    @Test
    void aCachedOutcomeEndsWhenTheChainExpires() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        X509SvidVerifier cached = X509SvidVerifier.builder(this.example.bundle()).clock(clock).cacheSize(10).build();
        LeafBuilder.Issued issued = this.example.leaf(WORKLOAD).issue();
        cached.verify(issued.chain());
        clock.set(issued.leaf().getNotAfter().toInstant().plusSeconds(1));
        assertThatThrownBy(() -> cached.verify(issued.chain()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.EXPIRED));
    }

    @Test
    void aChainNotValidYetIsCheckedAgainLater() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
        X509SvidVerifier cached = X509SvidVerifier.builder(this.example.bundle()).clock(clock).cacheSize(10).build();
        LeafBuilder.Issued issued = this.example.leaf(WORKLOAD).issue();
        assertThatThrownBy(() -> cached.verify(issued.chain()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.NOT_YET_VALID));
        clock.set(Instant.now());
        assertThat(cached.verify(issued.chain()).id()).isEqualTo(SpiffeId.parse(WORKLOAD));
    }

    @Test
    void theCacheStaysWithinItsSize() throws Exception {
        X509SvidVerifier cached = X509SvidVerifier.builder(this.example.bundle()).cacheSize(3).build();
        for (int i = 0; i < 10; i++) {
            assertThat(cached.verify(this.example.leaf(WORKLOAD + "-" + i).issue().chain()).id().toString()).isEqualTo(WORKLOAD + "-" + i);
        }
    }

    private void assertReason(LeafBuilder.Issued issued, Reason reason) {
        assertThatThrownBy(() -> this.verifier.verify(issued.chain()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(reason));
    }
}
