package dev.spiffeboot.workloadapi;

import java.util.List;
import java.util.Optional;

import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.svid.x509.X509Svid;

/**
 * One complete X.509 update from the Workload API: this workload's X509-SVIDs (at least one, in the order the
 * server sent them) and the X.509 bundles of its own and of federated trust domains.
 *
 * @param svids the X509-SVIDs, the default one first
 * @param bundles the X.509 bundles
 */
public record X509Context(List<X509Svid> svids, X509BundleSet bundles) {

    public X509Context {
        if (svids.isEmpty()) {
            throw new IllegalArgumentException("an X.509 context has at least one SVID");
        }
        svids = List.copyOf(svids);
    }

    /** The first SVID, which the standard makes the default. */
    public X509Svid defaultSvid() {
        return this.svids.get(0);
    }

    /** The first SVID with the given hint (the standard says to take the first when hints repeat). */
    public Optional<X509Svid> svidWithHint(String hint) {
        return this.svids.stream().filter(svid -> svid.hint().equals(hint)).findFirst();
    }
}
