package dev.spiffeboot.tls;

import java.security.KeyManagementException;
import java.security.SecureRandom;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An initialized JSSE context whose sockets, engines and default parameters all follow a {@link TlsPolicy}, so
 * code that uses the context directly gets safe settings without configuring each socket; each socket and engine
 * comes from a context of its own, so no session is ever resumed ({@link ConnectionContexts}). The session contexts
 * it reports are those of a context that makes no connection: settings made on them change nothing.
 */
final class PolicySslContextSpi extends SSLContextSpi {

    private final SSLContext delegate;

    private final ConnectionContexts contexts;

    private final TlsPolicy policy;

    /**
     * @param delegate a context on the same managers, for default and supported parameters only
     * @param contexts the contexts that make each socket and engine
     */
    PolicySslContextSpi(SSLContext delegate, ConnectionContexts contexts, TlsPolicy policy) {
        this.delegate = delegate;
        this.contexts = contexts;
        this.policy = policy;
    }

    @Override
    protected void engineInit(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random)
            throws KeyManagementException {
        throw new KeyManagementException("a SPIFFE SSL context is initialized by SpiffeTlsConfig and cannot be re-initialized");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return new PolicySocketFactory(this.contexts, this.delegate.getSocketFactory(), this.policy);
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return new PolicyServerSocketFactory(this.contexts, this.delegate.getServerSocketFactory(), this.policy);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return this.policy.apply(this.contexts.next().createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return this.policy.apply(this.contexts.next().createSSLEngine(host, port));
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return this.delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return this.delegate.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        SSLParameters supported = this.delegate.getSupportedSSLParameters();
        return this.policy.apply(this.delegate.getDefaultSSLParameters(), supported.getProtocols());
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return this.delegate.getSupportedSSLParameters();
    }
}
