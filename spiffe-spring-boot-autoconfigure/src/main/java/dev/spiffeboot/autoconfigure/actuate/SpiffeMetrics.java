package dev.spiffeboot.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.spiffeboot.workloadapi.SourceState;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Meters of the SPIFFE sources: seconds until the SVID expires, rotations, and the Workload API's reconnects,
 * errors and connection state per source ({@code x509}, {@code jwt}, {@code bundle}).
 */
class SpiffeMetrics implements MeterBinder {

    private final X509Source x509Source;

    private final Map<String, Supplier<SourceState>> sources;

    private final Clock clock;

    SpiffeMetrics(X509Source x509Source, Map<String, Supplier<SourceState>> sources, Clock clock) {
        this.x509Source = x509Source;
        this.sources = sources;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("spiffe.svid.expiry", this, SpiffeMetrics::secondsToExpiry)
            .description("Seconds until the X509-SVID in use expires (negative once expired)")
            .baseUnit("seconds")
            .register(registry);
        FunctionCounter.builder("spiffe.svid.rotations", this, metrics -> Math.max(0, metrics.x509Source.state().updates() - 1))
            .description("X.509 updates received from the Workload API after the first one")
            .register(registry);
        this.sources.forEach((name, state) -> {
            FunctionCounter.builder("spiffe.workload.api.reconnects", state, supplier -> supplier.get().reconnects())
                .description("Reconnects of a Workload API stream after a failure")
                .tag("source", name)
                .register(registry);
            FunctionCounter.builder("spiffe.workload.api.errors", state, supplier -> supplier.get().errors())
                .description("Failed Workload API streams and refused messages")
                .tag("source", name)
                .register(registry);
            Gauge.builder("spiffe.workload.api.connected", state, supplier -> supplier.get().connected() ? 1 : 0)
                .description("Whether the Workload API stream is open and its last message was good (1) or not (0)")
                .tag("source", name)
                .register(registry);
        });
    }

    private double secondsToExpiry() {
        return this.x509Source.state()
            .svidExpiresAt()
            .map(expiry -> Duration.between(this.clock.instant(), expiry).toMillis() / 1000.0)
            .orElse(Double.NaN);
    }
}
