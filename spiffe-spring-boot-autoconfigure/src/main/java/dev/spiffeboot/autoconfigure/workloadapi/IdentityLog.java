package dev.spiffeboot.autoconfigure.workloadapi;

import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The one start-up line that says which identity the application got and from where, so that a workload started
 * with another workload's address (a {@code spiffe.workload-api.address} left in {@code application.yml} wins over
 * {@code SPIFFE_ENDPOINT_SOCKET}) shows it in its own log, not only in its peers'.
 */
final class IdentityLog {

    private static final Log logger = LogFactory.getLog(SpiffeWorkloadApiAutoConfiguration.class);

    private IdentityLog() {
    }

    /** Logs the identity of the source and where its address was set. */
    static void x509(X509Source source, WorkloadApiSettings settings) {
        if (!logger.isInfoEnabled()) {
            return;
        }
        X509Svid svid = source.x509Svid();
        String trustDomains = source.bundles().trustDomains().stream().map(TrustDomain::name).sorted()
            .collect(Collectors.joining(", "));
        logger.info("SPIFFE identity " + svid.id() + " from the Workload API at " + settings.address() + " ("
                + settings.addressOrigin() + "); trusted domains: " + trustDomains + "; X509-SVID valid until "
                + svid.expiresAt());
    }
}
