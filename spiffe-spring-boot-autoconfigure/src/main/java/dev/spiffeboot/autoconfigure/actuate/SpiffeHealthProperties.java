package dev.spiffeboot.autoconfigure.actuate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When the {@code spiffe} health indicator reports DOWN.
 */
@ConfigurationProperties("management.health.spiffe")
public class SpiffeHealthProperties {

    /**
     * How long the Workload API may stay unreachable before the health turns DOWN. Until then the last good SVID
     * and bundles are still served.
     */
    private Duration unreachableThreshold = Duration.ofMinutes(5);

    public Duration getUnreachableThreshold() {
        return this.unreachableThreshold;
    }

    public void setUnreachableThreshold(Duration unreachableThreshold) {
        if (unreachableThreshold == null || unreachableThreshold.isNegative()) {
            throw new IllegalArgumentException("unreachable threshold must not be negative, got " + unreachableThreshold);
        }
        this.unreachableThreshold = unreachableThreshold;
    }
}
