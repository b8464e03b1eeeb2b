package dev.spiffeboot.autoconfigure.grpc.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

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

import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.svid.x509.X509SvidProfile;

/**
 * A gRPC service whose one unary method, {@code spiffe.test.Peer/Get}, answers with the client's SPIFFE ID from the
 * TLS session, or "none" when the client presented no certificate: the gRPC twin of the HTTP tests'
 * {@code GET /peer}. Messages are UTF-8 strings, so the tests need no generated code.
 */
public class PeerService implements BindableService {

    /** The one method. */
    public static final MethodDescriptor<String, String> GET = MethodDescriptor.<String, String>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("spiffe.test.Peer/Get")
        .setRequestMarshaller(Utf8.INSTANCE)
        .setResponseMarshaller(Utf8.INSTANCE)
        .build();

    private static final Context.Key<SSLSession> SESSION = Context.key("tls-session");

    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition definition = ServerServiceDefinition.builder("spiffe.test.Peer")
            .addMethod(GET, ServerCalls.asyncUnaryCall((request, responses) -> {
                responses.onNext(peerOf(SESSION.get()));
                responses.onCompleted();
            }))
            .build();
        return ServerInterceptors.intercept(definition, new SessionInContext());
    }

    private static String peerOf(SSLSession session) {
        if (session == null) {
            return "plaintext";
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return X509SvidProfile.idOf((X509Certificate) chain[0]).toString();
        }
        catch (SSLPeerUnverifiedException ex) {
            return "none";
        }
        catch (InvalidX509SvidException ex) {
            return "invalid: " + ex.getMessage();
        }
    }

    /** Puts the call's TLS session where the method reads it. */
    private static final class SessionInContext implements ServerInterceptor {

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            Context context = Context.current().withValue(SESSION, call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
            return Contexts.interceptCall(context, call, headers, next);
        }
    }

    /** Strings as UTF-8 bytes. */
    static final class Utf8 implements MethodDescriptor.Marshaller<String> {

        static final Utf8 INSTANCE = new Utf8();

        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
