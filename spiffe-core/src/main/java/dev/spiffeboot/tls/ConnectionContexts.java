package dev.spiffeboot.tls;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Makes a new JSSE context, on the same key and trust managers, for every connection. A JSSE context keeps the
 * session cache and the keys that encrypt session tickets; one per connection means no other connection can find a
 * session or decrypt a ticket, so every connection runs a full handshake: the peer is verified against the
 * <em>current</em> bundle and authorizer, and this side presents its <em>current</em> SVID. A resumed session would
 * skip both for as long as it lives, after the SVIDs and bundles that set it up have rotated or been revoked.
 * <p>
 * This is what lets a server answer TLS 1.2 clients that offer session tickets correctly: a server that acknowledges
 * the ticket extension must then send a ticket (RFC 5077, section 3.3), and the JDK acknowledges it whatever the
 * context's settings, so the tickets are sent, with a short lifetime hint, and can never be used. Making a context
 * costs a few microseconds, against the milliseconds of a full handshake.
 */
final class ConnectionContexts {

    /** The lifetime a TLS 1.2 server gives its (unusable) tickets; within the JDK's seven-day cap, so they are sent. */
    static final int TICKET_LIFETIME_SECONDS = 60;

    private final Provider provider;

    private final KeyManager[] keyManagers;

    private final TrustManager[] trustManagers;

    private final SecureRandom random = new SecureRandom();

    ConnectionContexts(Provider provider, KeyManager[] keyManagers, TrustManager[] trustManagers) {
        this.provider = provider;
        this.keyManagers = keyManagers.clone();
        this.trustManagers = trustManagers.clone();
    }

    /** A new, initialized context for one connection. */
    SSLContext next() {
        try {
            SSLContext context = SSLContext.getInstance("TLS", this.provider);
            context.init(this.keyManagers, this.trustManagers, this.random);
            context.getServerSessionContext().setSessionTimeout(TICKET_LIFETIME_SECONDS);
            return context;
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot create a TLS context: " + ex.getMessage(), ex);
        }
    }
}
