package dev.spiffeboot.bench.security;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The server of {@code bench/run oauth} (ServiceB): the trivial endpoint behind the starter's own auto-configured
 * SPIFFE filter chain, no chain of its own. What it accepts (client ID metadata issuers, its token endpoint, the
 * policy rules that let anonymous callers reach {@code /open} and the benchmark's caller {@code /spiffe}) is set by
 * properties, as an application would.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ThroughputEndpoints.class)
class OAuthThroughputApplication {
}
