package dev.spiffeboot.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.workloadapi.SourceState;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The {@code spiffe} health: UP with the SPIFFE ID, trust domains, SVID expiry and last update; DOWN when there is
 * no SVID, when it has expired, or when the Workload API has been unreachable for longer than the threshold. While
 * no connection can be made, {@code connectFailure} says why (no socket, no permission, nobody listening, not a
 * socket) and {@code lastError} says it in words. The details never hold key or token material.
 */
class SpiffeHealthIndicator extends AbstractHealthIndicator {

    private final X509Source source;

    private final Duration unreachableThreshold;

    private final Clock clock;

    SpiffeHealthIndicator(X509Source source, Duration unreachableThreshold, Clock clock) {
        super("SPIFFE health check failed");
        this.source = source;
        this.unreachableThreshold = unreachableThreshold;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        SourceState state = this.source.state();
        Instant now = this.clock.instant();
        builder.withDetail("workloadApiConnected", state.connected());
        state.lastUpdate().ifPresent(lastUpdate -> builder.withDetail("lastUpdate", lastUpdate.toString()));
        state.disconnectedSince().ifPresent(since -> builder.withDetail("disconnectedSince", since.toString()));
        state.lastError().ifPresent(error -> builder.withDetail("lastError", error));
        state.connectFailure().ifPresent(failure -> builder.withDetail("connectFailure", failure.name()));
        builder.withDetail("trustDomains", this.source.bundles().trustDomains().stream().map(TrustDomain::name).toList());
        X509Svid svid;
        try {
            svid = this.source.x509Svid();
        }
        catch (IllegalStateException ex) {
            builder.down().withDetail("reason", ex.getMessage());
            return;
        }
        builder.withDetail("spiffeId", svid.id().toString()).withDetail("svidExpiresAt", svid.expiresAt().toString());
        if (!svid.expiresAt().isAfter(now)) {
            builder.down().withDetail("reason", "the X509-SVID expired at " + svid.expiresAt());
            return;
        }
        Instant downSince = state.disconnectedSince().orElse(null);
        if (!state.connected() && downSince != null && Duration.between(downSince, now).compareTo(this.unreachableThreshold) > 0) {
            builder.down().withDetail("reason", "the Workload API has been unreachable since " + downSince
                    + " (threshold " + this.unreachableThreshold + ")");
            return;
        }
        builder.up();
    }
}
