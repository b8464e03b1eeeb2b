package dev.spiffeboot.autoconfigure.server.tomcat;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.ProtocolHandler;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

import dev.spiffeboot.svid.x509.X509SvidSource;
import dev.spiffeboot.tls.ClientAuth;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.tls.SpiffeTlsConfig;

/**
 * Turns the connector into an HTTPS connector that presents the current X509-SVID and checks clients during the
 * handshake.
 * <p>
 * Why not {@code server.ssl.bundle}: Spring Boot's Tomcat support builds its context from a bundle's key and trust
 * stores and runs plain PKIX over them, so it would neither tie a CA to its own trust domain nor check the client's
 * SPIFFE ID, and it would need a reload for each rotation. Tomcat accepts a ready context instead
 * ({@link SSLHostConfigCertificate#setSslContext}); ours is built on the SPIFFE key and trust managers, which read
 * the current SVID and bundles at every handshake: the peer's chain is verified against the bundle of its own trust
 * domain, its ID is authorized before the handshake completes, and a rotated SVID is used by the next connection
 * without a reload. Sessions are never resumed, so every connection is checked against the current material.
 */
class SpiffeTomcatConnectorCustomizer implements TomcatConnectorCustomizer {

    private static final String PROTOCOLS = String.join("+", SpiffeSslContexts.PROTOCOLS);

    private final SpiffeTlsConfig tls;

    private final X509SvidSource svids;

    /**
     * @param tls the server's TLS
     * @param svids the SVID it presents, for what Tomcat reports of its certificate
     */
    SpiffeTomcatConnectorCustomizer(SpiffeTlsConfig tls, X509SvidSource svids) {
        this.tls = tls;
        this.svids = svids;
    }

    @Override
    public void customize(Connector connector) {
        ProtocolHandler handler = connector.getProtocolHandler();
        if (!(handler instanceof AbstractHttp11Protocol<?> protocol)) {
            throw new IllegalStateException("spiffe.server needs an HTTP/1.1 (NIO or NIO2) Tomcat connector, not "
                    + handler.getClass().getName());
        }
        MalformedRequestLogging.install();
        SvidCertificateLogging.install();
        SSLHostConfig hostConfig = new SSLHostConfig();
        hostConfig.setHostName(protocol.getDefaultSSLHostConfigName());
        hostConfig.setProtocols(PROTOCOLS);
        hostConfig.setCertificateVerification(certificateVerification(this.tls.clientAuth()));
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(hostConfig, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setSslContext(new TomcatSpiffeSslContext(this.tls.sslContext(), this.svids));
        hostConfig.addCertificate(certificate);
        protocol.setSslImplementationName(SpiffeJsseImplementation.class.getName());
        protocol.setSSLEnabled(true);
        protocol.addSslHostConfig(hostConfig, true);
        connector.setScheme("https");
        connector.setSecure(true);
    }

    /** Tomcat's {@code certificateVerification}: it sets need or want client authentication on each engine. */
    private static String certificateVerification(ClientAuth clientAuth) {
        return switch (clientAuth) {
            case NEED -> "required";
            case WANT -> "optional";
            case NONE -> "none";
        };
    }
}
