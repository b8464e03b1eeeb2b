package dev.spiffeboot.bundle;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleSetTest {

    private static final TrustDomain EXAMPLE = TrustDomain.parse("example.org");

    private static final TrustDomain FEDERATED = TrustDomain.parse("federated.org");

    @Test
    void findsTheBundleOfEachTrustDomain() throws Exception {
        X509Bundle own = TestCa.root("example.org").bundle();
        X509Bundle federated = TestCa.root("federated.org").bundle();
        JwtBundle jwt = JwtBundle.of(FEDERATED, List.of(JwtAuthority.of("k", JwtBundleTest.ecKey())));
        BundleSet set = BundleSet.of(List.of(own, federated), List.of(jwt));
        assertThat(set.findX509Bundle(EXAMPLE)).contains(own);
        assertThat(set.findX509Bundle(FEDERATED)).contains(federated);
        assertThat(set.findJwtBundle(FEDERATED)).contains(jwt);
        assertThat(set.findJwtBundle(EXAMPLE)).isEmpty();
        assertThat(set.findX509Bundle(TrustDomain.parse("unknown.org"))).isEmpty();
        assertThat(set.trustDomains()).containsExactly(EXAMPLE, FEDERATED);
    }

    @Test
    void refusesTwoBundlesForOneTrustDomain() {
        assertThatThrownBy(() -> BundleSet.ofX509(TestCa.root("example.org").bundle(), TestCa.root("example.org").bundle()))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("two X.509 bundles for trust domain \"example.org\"");
    }

    @Test
    void copiesWithAReplacedBundle() {
        X509Bundle before = TestCa.root("example.org").bundle();
        X509Bundle after = TestCa.root("example.org").bundle();
        BundleSet set = BundleSet.ofX509(before);
        BundleSet updated = set.withX509Bundle(after);
        assertThat(set.findX509Bundle(EXAMPLE)).contains(before);
        assertThat(updated.findX509Bundle(EXAMPLE)).contains(after);
        assertThat(BundleSet.empty().trustDomains()).isEmpty();
    }
}
