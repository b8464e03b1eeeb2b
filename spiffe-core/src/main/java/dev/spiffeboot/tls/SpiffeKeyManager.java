package dev.spiffeboot.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.svid.x509.X509SvidSource;

/**
 * A key manager that presents the current X509-SVID of a source at every handshake, so a rotated SVID is used by
 * the next connection without rebuilding the {@link javax.net.ssl.SSLContext}.
 * <p>
 * JSSE first chooses an alias, then asks for the chain and the key of that alias in separate calls. Aliases name
 * one SVID, and the previous SVID stays available, so a rotation between those calls cannot pair the chain of one
 * SVID with the key of another. The CA names the peer sends are ignored: SPIFFE peers authenticate by trust
 * domain bundle, not by issuer name.
 */
public final class SpiffeKeyManager extends X509ExtendedKeyManager {

    private static final Logger logger = LoggerFactory.getLogger(SpiffeKeyManager.class);

    private final X509SvidSource source;

    private final Object lock = new Object();

    private volatile Presented current;

    private volatile Presented previous;

    private long generation;

    /** A key manager that presents the SVIDs of the source. */
    public SpiffeKeyManager(X509SvidSource source) {
        this.source = Objects.requireNonNull(source, "X509-SVID source");
    }

    /** One SVID under the alias it is presented with. */
    private static final class Presented {

        final X509Svid svid;

        final String alias;

        /** The key's algorithm and that algorithm followed by "_", matched against JSSE key types at each handshake. */
        final String algorithm;

        final String algorithmPrefix;

        final X509Certificate[] chain;

        Presented(X509Svid svid, String alias) {
            this.svid = svid;
            this.alias = alias;
            this.algorithm = svid.privateKey().getAlgorithm();
            this.algorithmPrefix = this.algorithm + "_";
            this.chain = svid.chain().toArray(new X509Certificate[0]);
        }

        /** JSSE names key types by algorithm ("EC", "RSA", "EdDSA"), sometimes with the signer's ("EC_RSA"). */
        boolean matches(String keyType) {
            return keyType != null && (keyType.equals(this.algorithm) || keyType.startsWith(this.algorithmPrefix));
        }
    }

    private Presented presentCurrent() {
        X509Svid svid;
        try {
            svid = this.source.x509Svid();
        }
        catch (RuntimeException ex) {
            // no SVID (not yet received, or withdrawn): the handshake goes on without a certificate and fails there
            logger.warn("No X509-SVID to present: {}", ex.getMessage());
            return null;
        }
        if (svid == null) {
            return null;
        }
        Presented latest = this.current;
        if (latest != null && latest.svid == svid) {
            return latest;
        }
        synchronized (this.lock) {
            if (this.current == null || this.current.svid != svid) {
                this.previous = this.current;
                this.current = new Presented(svid, "spiffe-svid-" + (++this.generation));
            }
            return this.current;
        }
    }

    private String aliasFor(String keyType) {
        Presented presented = presentCurrent();
        return (presented != null && presented.matches(keyType)) ? presented.alias : null;
    }

    private String aliasFor(String[] keyTypes) {
        Presented presented = (keyTypes != null) ? presentCurrent() : null;
        if (presented != null) {
            for (String keyType : keyTypes) {
                if (presented.matches(keyType)) {
                    return presented.alias;
                }
            }
        }
        return null;
    }

    private Presented presented(String alias) {
        Presented latest = this.current;
        if (latest != null && latest.alias.equals(alias)) {
            return latest;
        }
        Presented before = this.previous;
        return (before != null && before.alias.equals(alias)) ? before : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        NoResumption.invalidate(socket);
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        NoResumption.invalidate(engine);
        return aliasFor(keyType);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        NoResumption.invalidate(socket);
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        NoResumption.invalidate(engine);
        return aliasFor(keyTypes);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[] { alias };
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Presented presented = presented(alias);
        return presented == null ? null : presented.chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Presented presented = presented(alias);
        return presented == null ? null : presented.svid.privateKey();
    }
}
