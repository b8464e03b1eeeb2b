package dev.spiffeboot.autoconfigure.grpc.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;

import dev.spiffeboot.autoconfigure.grpc.server.PeerService;
import dev.spiffeboot.security.grpc.client.JwtSvidCallCredentials;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;
import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.svid.x509.X509SvidProfile;

/**
 * A gRPC service whose one unary method, {@code spiffe.test.Caller/Get}, describes the caller as the server sees it:
 * the client's SPIFFE ID and certificate serial number and the TLS session ID, and the bearer token of the
 * {@code authorization} header validated as a JWT-SVID for the server's audience against the JWT bundles, with a
 * fingerprint of the token so tests can tell tokens apart without seeing them.
 */
class CallerService implements BindableService {

    static final MethodDescriptor<String, String> GET = PeerService.GET.toBuilder().setFullMethodName("spiffe.test.Caller/Get").build();

    private static final Context.Key<String> CALLER = Context.key("caller");

    private final JwtSvidValidator validator;

    private final String audience;

    CallerService(JwtSvidValidator validator, String audience) {
        this.validator = validator;
        this.audience = audience;
    }

    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition definition = ServerServiceDefinition.builder("spiffe.test.Caller")
            .addMethod(GET, ServerCalls.asyncUnaryCall((request, responses) -> {
                responses.onNext(CALLER.get());
                responses.onCompleted();
            }))
            .build();
        return ServerInterceptors.intercept(definition, new Describe());
    }

    private String describe(SSLSession session, String authorization) {
        try {
            X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
            return X509SvidProfile.idOf(leaf) + " " + leaf.getSerialNumber().toString(16) + " "
                    + HexFormat.of().formatHex(session.getId()) + " " + token(authorization);
        }
        catch (SSLPeerUnverifiedException | InvalidX509SvidException ex) {
            return "unverified - - " + token(authorization);
        }
    }

    private String token(String authorization) {
        if (authorization == null) {
            return "none";
        }
        if (!authorization.startsWith("Bearer ")) {
            return "malformed";
        }
        String token = authorization.substring("Bearer ".length());
        try {
            JwtSvid svid = this.validator.validate(token, this.audience);
            return "valid:" + svid.id() + ":" + String.join(",", svid.audience()) + ":" + fingerprint(token);
        }
        catch (InvalidJwtSvidException ex) {
            return "invalid:" + ex.getMessage();
        }
    }

    private static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 8);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Describes the call where the method reads it. */
    private final class Describe implements ServerInterceptor {

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String caller = describe(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION), headers.get(JwtSvidCallCredentials.AUTHORIZATION));
            return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
        }
    }
}
