package dev.spiffeboot.bench.fuzz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.spiffeboot.security.policy.PolicyFuzzTarget;
import dev.spiffeboot.testing.fuzz.BundleFuzzTarget;
import dev.spiffeboot.testing.fuzz.FuzzTarget;
import dev.spiffeboot.testing.fuzz.HpackFuzzTarget;
import dev.spiffeboot.testing.fuzz.JwtSvidFuzzTarget;
import dev.spiffeboot.testing.fuzz.SpiffeIdFuzzTarget;
import dev.spiffeboot.testing.fuzz.WorkloadApiAddressFuzzTarget;
import dev.spiffeboot.testing.fuzz.WorkloadApiMessageFuzzTarget;
import dev.spiffeboot.testing.fuzz.X509ChainFuzzTarget;

/** The fuzz targets by name, in the order a campaign runs them. */
final class FuzzTargets {

    private static final Map<String, Supplier<FuzzTarget<?>>> TARGETS = new LinkedHashMap<>();

    static {
        TARGETS.put("spiffe-id", SpiffeIdFuzzTarget::new);
        TARGETS.put("workload-api", WorkloadApiAddressFuzzTarget::new);
        TARGETS.put("bundle", BundleFuzzTarget::new);
        TARGETS.put("x509-svid", X509ChainFuzzTarget::new);
        TARGETS.put("jwt-svid", JwtSvidFuzzTarget::new);
        TARGETS.put("policy", PolicyFuzzTarget::new);
        TARGETS.put("hpack", HpackFuzzTarget::new);
        TARGETS.put("workload-api-messages", WorkloadApiMessageFuzzTarget::new);
    }

    private FuzzTargets() {
    }

    static List<String> names() {
        return List.copyOf(TARGETS.keySet());
    }

    /**
     * A new instance of the named target.
     *
     * @throws IllegalArgumentException if there is no such target
     */
    static FuzzTarget<?> create(String name) {
        Supplier<FuzzTarget<?>> target = TARGETS.get(name);
        if (target == null) {
            throw new IllegalArgumentException("no fuzz target " + name + " (targets: " + String.join(", ", names()) + ")");
        }
        return target.get();
    }
}
