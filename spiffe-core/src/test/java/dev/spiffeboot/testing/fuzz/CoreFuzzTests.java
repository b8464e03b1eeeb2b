package dev.spiffeboot.testing.fuzz;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short, seeded run of every core fuzz target in the test command; {@code bench/run fuzz} runs them at length.
 * A failure prints the input in base64, for {@code bench/run fuzz replay}.
 */
class CoreFuzzTests {

    static final long SEED = 20261126L;

    static final int INPUTS = 3000;

    /** Fewer for the targets that sign and verify (about a millisecond each on JDK 17): the test run stays short. */
    static final int SIGNED_INPUTS = 600;

    /** Fewer still for chains, which are signed, then path-validated twice (the caching verifier is checked too). */
    static final int CHAIN_INPUTS = 400;

    private final FuzzRunner runner = new FuzzRunner(Duration.ofSeconds(10), 5);

    private void fuzz(FuzzTarget<?> target, int inputs) {
        FuzzReport report = this.runner.run(target, SEED, inputs);
        assertThat(report.violations()).as(report::details).isEmpty();
        assertThat(report.inputs()).isEqualTo(inputs);
        assertThat(report.accepted()).as("inputs accepted (the generator must reach past the first refusal)").isPositive();
        assertThat(report.refused()).as("inputs refused").isPositive();
    }

    @Test
    void spiffeIdsAndTrustDomains() {
        fuzz(new SpiffeIdFuzzTarget(), INPUTS);
    }

    @Test
    void workloadApiAddresses() {
        fuzz(new WorkloadApiAddressFuzzTarget(), INPUTS);
    }

    @Test
    void bundleDocuments() {
        fuzz(new BundleFuzzTarget(), SIGNED_INPUTS);
    }

    @Test
    void x509SvidChains() {
        fuzz(new X509ChainFuzzTarget(), CHAIN_INPUTS);
    }

    @Test
    void jwtSvids() {
        fuzz(new JwtSvidFuzzTarget(), SIGNED_INPUTS);
    }

    @Test
    void hpackHeaderBlocks() {
        fuzz(new HpackFuzzTarget(), INPUTS);
    }

    @Test
    void workloadApiMessages() {
        fuzz(new WorkloadApiMessageFuzzTarget(), INPUTS);
    }
}
