package dev.spiffeboot.security.grpc.server;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

import org.springframework.grpc.server.security.GrpcAuthenticationExtractor;
import org.springframework.security.core.Authentication;

import dev.spiffeboot.security.authentication.BearerTokenHeader;

/**
 * Reads what a gRPC call presents: the client certificate chain of its TLS session and the bearer token of its
 * {@code authorization} metadata, with the rules HTTP requests get ({@link BearerTokenHeader}: exactly one value,
 * the {@code Bearer} scheme, RFC 6750 characters, a length limit). A call with several {@code authorization} values
 * or a malformed token is refused here, before any verification.
 */
public final class SpiffeGrpcAuthenticationExtractor implements GrpcAuthenticationExtractor {

    /** The metadata key of the bearer token. */
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final int maxTokenLength;

    /** An extractor accepting tokens up to {@link BearerTokenHeader#DEFAULT_MAX_TOKEN_LENGTH} characters. */
    public SpiffeGrpcAuthenticationExtractor() {
        this(BearerTokenHeader.DEFAULT_MAX_TOKEN_LENGTH);
    }

    /** An extractor accepting tokens up to the given length, in characters. */
    public SpiffeGrpcAuthenticationExtractor(int maxTokenLength) {
        this.maxTokenLength = BearerTokenHeader.requirePositiveMaxLength(maxTokenLength);
    }

    /**
     * What the call presented, or {@code null} when it presented neither a certificate nor a bearer token.
     *
     * @throws dev.spiffeboot.security.authentication.BearerTokenRejectedException for several {@code authorization}
     * values, an oversized or a malformed token
     */
    @Override
    public Authentication extract(Metadata headers, Attributes attributes, MethodDescriptor<?, ?> method) {
        Iterable<String> authorization = headers.getAll(AUTHORIZATION);
        String token = BearerTokenHeader.resolve((authorization != null) ? authorization.iterator() : null, this.maxTokenLength);
        List<X509Certificate> chain = peerChain(attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (token == null && chain.isEmpty()) {
            return null;
        }
        return new UnverifiedCallerToken(chain, token);
    }

    private static List<X509Certificate> peerChain(SSLSession session) {
        if (session == null) {
            return List.of();
        }
        Certificate[] certificates;
        try {
            certificates = session.getPeerCertificates();
        }
        catch (SSLPeerUnverifiedException ex) {
            // the client sent no certificate (client-auth want or none)
            return List.of();
        }
        List<X509Certificate> chain = new ArrayList<>(certificates.length);
        for (Certificate certificate : certificates) {
            if (certificate instanceof X509Certificate x509) {
                chain.add(x509);
            }
        }
        return chain;
    }
}
