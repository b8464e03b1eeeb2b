package dev.spiffeboot.bundle;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link X509BundleSet} and {@link JwtBundleSet}: one bundle per trust domain, each found by its trust domain. */
class BundleSetsTests {

    private static final TrustDomain EXAMPLE = TrustDomain.parse("example.org");

    private static final TrustDomain FEDERATED = TrustDomain.parse("federated.org");

    @Test
    void findsTheBundleOfEachTrustDomain() throws Exception {
        X509Bundle own = TestCa.root("example.org").bundle();
        X509Bundle federated = TestCa.root("federated.org").bundle();
        JwtBundle jwt = JwtBundle.of(FEDERATED, List.of(JwtAuthority.of("k", JwtBundleTests.ecKey())));
        X509BundleSet x509 = X509BundleSet.of(List.of(own, federated));
        JwtBundleSet jwts = JwtBundleSet.of(jwt);
        assertThat(x509.findX509Bundle(EXAMPLE)).contains(own);
        assertThat(x509.findX509Bundle(FEDERATED)).contains(federated);
        assertThat(x509.findX509Bundle(TrustDomain.parse("unknown.org"))).isEmpty();
        assertThat(x509.trustDomains()).containsExactly(EXAMPLE, FEDERATED);
        assertThat(jwts.findJwtBundle(FEDERATED)).contains(jwt);
        assertThat(jwts.findJwtBundle(EXAMPLE)).isEmpty();
        assertThat(jwts.bundles()).containsExactly(jwt);
    }

    @Test
    void refusesTwoBundlesForOneTrustDomain() throws Exception {
        assertThatThrownBy(() -> X509BundleSet.of(TestCa.root("example.org").bundle(), TestCa.root("example.org").bundle()))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("two X.509 bundles for trust domain \"example.org\"");
        JwtBundle first = JwtBundle.of(EXAMPLE, List.of(JwtAuthority.of("a", JwtBundleTests.ecKey())));
        JwtBundle second = JwtBundle.of(EXAMPLE, List.of(JwtAuthority.of("b", JwtBundleTests.ecKey())));
        assertThatThrownBy(() -> JwtBundleSet.of(first, second))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("two JWT bundles for trust domain \"example.org\"");
    }

    @Test
    void copiesWithAReplacedBundle() {
        X509Bundle before = TestCa.root("example.org").bundle();
        X509Bundle after = TestCa.root("example.org").bundle();
        X509BundleSet set = X509BundleSet.of(before);
        X509BundleSet updated = set.with(after);
        assertThat(set.findX509Bundle(EXAMPLE)).contains(before);
        assertThat(updated.findX509Bundle(EXAMPLE)).contains(after);
        assertThat(X509BundleSet.empty().trustDomains()).isEmpty();
        assertThat(JwtBundleSet.empty().isEmpty()).isTrue();
    }

    @Test
    void setsOfTheTwoKindsAreNeverEqual() {
        assertThat(X509BundleSet.empty()).isNotEqualTo(JwtBundleSet.empty());
        assertThat(X509BundleSet.of(List.of())).isEqualTo(X509BundleSet.empty()).hasSameHashCodeAs(X509BundleSet.empty());
    }
}
