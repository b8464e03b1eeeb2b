package dev.spiffeboot.autoconfigure.ssl;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;

import dev.spiffeboot.tls.RejectionListener;

/** Combines the application's {@link RejectionListener} beans (metrics, for one) into the one a trust manager takes. */
public final class RejectionListeners {

    private RejectionListeners() {
    }

    /** Every listener bean, in order; none when there are none. */
    public static RejectionListener of(ObjectProvider<RejectionListener> listeners) {
        List<RejectionListener> all = listeners.orderedStream().toList();
        return (role, failure) -> all.forEach(listener -> listener.rejected(role, failure));
    }
}
