package dev.spiffeboot.svid.x509;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.spiffeboot.internal.Certificates;
import dev.spiffeboot.internal.Pem;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.InvalidX509SvidException.Reason;
import dev.spiffeboot.testing.LeafBuilder;
import dev.spiffeboot.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class X509SvidTests {

    private static final TestCa CA = TestCa.root("example.org");

    private static final String WORKLOAD = "spiffe://example.org/workload";

    @Test
    void readsDerChainAndPkcs8KeyAsTheWorkloadApiSendsThem() throws Exception {
        LeafBuilder.Issued issued = CA.intermediate().leaf(WORKLOAD).issue();
        X509Svid svid = X509Svid.parse(Certificates.toDer(issued.chain()), issued.keys().getPrivate().getEncoded());
        assertThat(svid.id()).isEqualTo(SpiffeId.parse(WORKLOAD));
        assertThat(svid.chain()).hasSize(2).first().isEqualTo(issued.leaf());
        assertThat(svid.privateKey()).isEqualTo(issued.keys().getPrivate());
        assertThat(svid.expiresAt()).isEqualTo(issued.leaf().getNotAfter().toInstant());
        assertThat(svid.hint()).isEmpty();
    }

    @Test
    void readsPemFiles(@TempDir Path directory) throws Exception {
        X509Svid svid = CA.leaf(WORKLOAD).rsa().svid();
        Path certificates = Files.writeString(directory.resolve("svid.pem"), svid.chainPem());
        Path key = Files.writeString(directory.resolve("svid.key"), svid.privateKeyPem());
        X509Svid loaded = X509Svid.load(certificates, key);
        assertThat(loaded).isEqualTo(svid);
        assertThat(loaded.privateKey().getAlgorithm()).isEqualTo("RSA");
    }

    static Stream<Arguments> profileViolations() {
        return Stream.of(
                arguments("CA leaf", (UnaryOperator<LeafBuilder>) b -> b.ca(true), Reason.LEAF_IS_CA,
                        "must not have the CA flag set"),
                arguments("two URI SANs", (UnaryOperator<LeafBuilder>) b -> b.uris(WORKLOAD, "spiffe://example.org/other"),
                        Reason.MULTIPLE_URI_SANS, "more than one URI SAN"),
                arguments("no URI SAN", (UnaryOperator<LeafBuilder>) b -> b.uris(), Reason.NO_URI_SAN, "no URI SAN"),
                arguments("root path", (UnaryOperator<LeafBuilder>) b -> b.uris("spiffe://example.org"), Reason.ROOT_PATH,
                        "must have a non-root path"),
                arguments("URI SAN not a SPIFFE ID", (UnaryOperator<LeafBuilder>) b -> b.uris("https://example.org/web"),
                        Reason.INVALID_SPIFFE_ID, "URI SAN is not a SPIFFE ID"),
                arguments("malformed SPIFFE ID", (UnaryOperator<LeafBuilder>) b -> b.uris("spiffe://example.org/a//b"),
                        Reason.INVALID_SPIFFE_ID, "path cannot contain empty segments"),
                arguments("no digitalSignature",
                        (UnaryOperator<LeafBuilder>) b -> b.keyUsage(KeyUsage.keyEncipherment | KeyUsage.keyAgreement),
                        Reason.MISSING_DIGITAL_SIGNATURE, "'digitalSignature'"),
                arguments("no key usage extension", (UnaryOperator<LeafBuilder>) b -> b.keyUsage(null),
                        Reason.MISSING_DIGITAL_SIGNATURE, "'digitalSignature'"),
                arguments("keyCertSign",
                        (UnaryOperator<LeafBuilder>) b -> b.keyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign),
                        Reason.LEAF_CAN_SIGN_CERTIFICATES, "'keyCertSign'"),
                arguments("cRLSign", (UnaryOperator<LeafBuilder>) b -> b.keyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign),
                        Reason.LEAF_CAN_SIGN_CERTIFICATES, "'cRLSign'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profileViolations")
    void refusesLeavesThatBreakTheProfile(String name, UnaryOperator<LeafBuilder> shape, Reason reason, String message) {
        LeafBuilder.Issued issued = shape.apply(CA.leaf(WORKLOAD)).issue();
        assertThatThrownBy(() -> X509Svid.of(issued.chain(), issued.keys().getPrivate()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> {
                assertThat(ex.reason()).isEqualTo(reason);
                assertThat(ex.getMessage()).contains(message);
            });
    }

    @Test
    void refusesSigningCertificatesThatAreNotCas() {
        LeafBuilder.Issued issued = CA.leaf(WORKLOAD).issue();
        X509Certificate notACa = CA.leaf("spiffe://example.org/other").issue().leaf();
        List<X509Certificate> chain = new ArrayList<>(issued.chain());
        chain.add(notACa);
        assertThatThrownBy(() -> X509Svid.of(chain, issued.keys().getPrivate()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class,
                    ex -> assertThat(ex.reason()).isEqualTo(Reason.SIGNING_CERTIFICATE_NOT_CA))
            .hasMessageContaining("certificate 1 of the chain");
    }

    @Test
    void refusesAKeyOfAnotherLeaf() {
        LeafBuilder.Issued issued = CA.leaf(WORKLOAD).issue();
        LeafBuilder.Issued other = CA.leaf(WORKLOAD).issue();
        assertThatThrownBy(() -> X509Svid.of(issued.chain(), other.keys().getPrivate()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.KEY_MISMATCH))
            .hasMessage("X509-SVID private key does not match the leaf certificate");
    }

    @Test
    void refusesAKeyOfAnotherAlgorithm() {
        LeafBuilder.Issued ec = CA.leaf(WORKLOAD).issue();
        LeafBuilder.Issued rsa = CA.leaf(WORKLOAD).rsa().issue();
        assertThatThrownBy(() -> X509Svid.parse(Certificates.toDer(ec.chain()), rsa.keys().getPrivate().getEncoded()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED))
            .hasMessage("X509-SVID private key is not a PKCS#8 EC key (the leaf certificate holds a EC key)");
    }

    @Test
    void refusesKeysThatAreNotPkcs8() {
        LeafBuilder.Issued issued = CA.leaf(WORKLOAD).issue();
        byte[] sec1 = Pem.block("EC PRIVATE KEY", new byte[] { 1, 2, 3 }).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> X509Svid.parse(Certificates.toDer(issued.chain()), sec1))
            .isInstanceOf(InvalidX509SvidException.class)
            .hasMessage("X509-SVID private key must be one PKCS#8 \"PRIVATE KEY\" PEM block, found [EC PRIVATE KEY]");
        assertThatThrownBy(() -> X509Svid.parse(Certificates.toDer(issued.chain()), new byte[] { 0x30, 0x01, 0x00 }))
            .isInstanceOf(InvalidX509SvidException.class).hasMessageContaining("is not a PKCS#8 EC key");
        assertThatThrownBy(() -> X509Svid.parse(Certificates.toDer(issued.chain()), new byte[0]))
            .isInstanceOf(InvalidX509SvidException.class).hasMessage("X509-SVID private key is empty");
    }

    @Test
    void refusesCertificatesThatCannotBeRead() {
        assertThatThrownBy(() -> X509Svid.parse("garbage".getBytes(StandardCharsets.US_ASCII), new byte[] { 1 }))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED))
            .hasMessageStartingWith("cannot read X509-SVID certificates");
        assertThatThrownBy(() -> X509Svid.of(List.of(), CA.keyPair().getPrivate()))
            .isInstanceOfSatisfying(InvalidX509SvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.NO_CERTIFICATES));
    }

    @Test
    void neverShowsTheKeyInItsTextForm() {
        X509Svid svid = CA.leaf(WORKLOAD).svid().withHint("internal");
        assertThat(svid.toString()).startsWith("X509Svid[id=spiffe://example.org/workload, expiresAt=")
            .endsWith(", hint=internal]")
            .doesNotContain(svid.privateKeyPem().lines().skip(1).findFirst().orElseThrow());
        assertThat(svid.hint()).isEqualTo("internal");
    }
}
