package dev.spiffeboot.bundle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class X509BundleTests {

    private static final TrustDomain EXAMPLE = TrustDomain.parse("example.org");

    private final TestCa first = TestCa.root("example.org");

    private final TestCa second = TestCa.root("example.org");

    @Test
    void readsConcatenatedDerAsTheWorkloadApiSendsIt() {
        X509Bundle bundle = X509Bundle.of(EXAMPLE, List.of(this.first.certificate(), this.second.certificate()));
        X509Bundle parsed = X509Bundle.parse(EXAMPLE, bundle.toDer());
        assertThat(parsed.authorities()).containsExactly(this.first.certificate(), this.second.certificate());
        assertThat(parsed).isEqualTo(bundle);
        assertThat(parsed.trustAnchors()).hasSize(2);
    }

    @Test
    void readsPemFiles(@TempDir Path directory) throws Exception {
        X509Bundle bundle = X509Bundle.of(EXAMPLE, List.of(this.first.certificate(), this.second.certificate()));
        Path file = directory.resolve("bundle.pem");
        Files.writeString(file, bundle.toPem());
        assertThat(Files.readString(file)).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(X509Bundle.load(EXAMPLE, file)).isEqualTo(bundle);
    }

    @Test
    void refusesMaterialThatIsNotCertificates() {
        assertThatThrownBy(() -> X509Bundle.parse(EXAMPLE, "not a certificate".getBytes(StandardCharsets.US_ASCII)))
            .isInstanceOf(InvalidBundleException.class)
            .hasMessageStartingWith("cannot read X.509 bundle of trust domain \"example.org\"");
        assertThatThrownBy(() -> X509Bundle.parse(EXAMPLE, new byte[0])).isInstanceOf(InvalidBundleException.class)
            .hasMessageContaining("no certificates");
    }

    @Test
    void dropsDuplicateAuthorities() {
        X509Bundle bundle = X509Bundle.of(EXAMPLE, List.of(this.first.certificate(), this.first.certificate()));
        assertThat(bundle.authorities()).containsExactly(this.first.certificate());
        assertThat(bundle.hasAuthority(this.first.certificate())).isTrue();
        assertThat(bundle.hasAuthority(this.second.certificate())).isFalse();
    }

    @Test
    void answersOnlyForItsOwnTrustDomain() {
        X509Bundle bundle = this.first.bundle();
        assertThat(bundle.findX509Bundle(EXAMPLE)).contains(bundle);
        assertThat(bundle.findX509Bundle(TrustDomain.parse("other.org"))).isEmpty();
    }
}
