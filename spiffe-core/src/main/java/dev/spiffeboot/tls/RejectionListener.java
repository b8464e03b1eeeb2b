package dev.spiffeboot.tls;

import java.security.cert.CertificateException;
import java.util.Collection;
import java.util.List;

/** Told about every TLS peer a {@link SpiffeTrustManager} refuses, e.g. to count refusals by reason. */
@FunctionalInterface
public interface RejectionListener {

    /**
     * A peer was refused.
     *
     * @param peerRole "client" or "server"
     * @param failure why; an {@link dev.spiffeboot.svid.x509.InvalidX509SvidException} names the reason
     */
    void rejected(String peerRole, CertificateException failure);

    /** A listener that does nothing. */
    static RejectionListener none() {
        return (peerRole, failure) -> {
        };
    }

    /** A listener that tells each of the listeners, in order. */
    static RejectionListener all(Collection<? extends RejectionListener> listeners) {
        List<RejectionListener> all = List.copyOf(listeners);
        if (all.isEmpty()) {
            return none();
        }
        return (all.size() == 1) ? all.get(0) : (peerRole, failure) -> all.forEach(listener -> listener.rejected(peerRole, failure));
    }
}
