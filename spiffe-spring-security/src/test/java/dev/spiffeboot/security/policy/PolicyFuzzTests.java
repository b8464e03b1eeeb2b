package dev.spiffeboot.security.policy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.spiffeboot.testing.fuzz.FuzzReport;
import dev.spiffeboot.testing.fuzz.FuzzRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** A short, seeded run of the policy fuzz target in the test command; {@code bench/run fuzz} runs it at length. */
class PolicyFuzzTests {

    @Test
    void compilesOrRefusesNamingTheRuleAndDecidesAsTheReference() {
        FuzzReport report = new FuzzRunner(Duration.ofSeconds(10), 5).run(new PolicyFuzzTarget(), 20261126L, 3000);
        assertThat(report.violations()).as(report::details).isEmpty();
        assertThat(report.inputs()).isEqualTo(3000);
        assertThat(report.accepted()).as("policies compiled").isPositive();
        assertThat(report.refused()).as("policies refused").isPositive();
    }
}
