package dev.spiffeboot.autoconfigure.server.tomcat;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSession;

import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.jsse.JSSESupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The TLS attributes of a session are Tomcat's own, built once per session. */
class SessionCachedSslSupportTests {

    private final Map<String, List<String>> clientHello = Map.of(
            SSLSupport.REQUESTED_PROTOCOL_VERSIONS_KEY, List.of("TLSv1.3", "TLSv1.2"),
            SSLSupport.REQUESTED_CIPHERS_KEY, List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"));

    @Test
    void theStringsAreTomcatsAndSharedByTheRequestsOfASession() throws Exception {
        SSLSession session = session(new byte[] { 1, -2, 3, 127 });
        JSSESupport tomcats = new JSSESupport(session, this.clientHello);
        SSLSupport first = new SpiffeJsseImplementation().getSSLSupport(session, this.clientHello);
        SSLSupport second = new SpiffeJsseImplementation().getSSLSupport(session, this.clientHello);
        assertThat(first.getSessionId()).isEqualTo(tomcats.getSessionId()).isEqualTo("01fe037f").isSameAs(second.getSessionId());
        assertThat(first.getRequestedCiphers()).isEqualTo(tomcats.getRequestedCiphers()).isSameAs(second.getRequestedCiphers());
        assertThat(first.getRequestedProtocols()).isEqualTo(tomcats.getRequestedProtocols()).isSameAs(second.getRequestedProtocols());
    }

    @Test
    void anotherSessionHasItsOwn() throws Exception {
        SSLSupport one = new SpiffeJsseImplementation().getSSLSupport(session(new byte[] { 1 }), this.clientHello);
        SSLSupport other = new SpiffeJsseImplementation().getSSLSupport(session(new byte[] { 2 }), Map.of());
        assertThat(one.getSessionId()).isEqualTo("01");
        assertThat(other.getSessionId()).isEqualTo("02");
        assertThat(other.getRequestedCiphers()).isEmpty();
    }

    @Test
    void noSessionNoAttributes() throws Exception {
        SSLSupport none = new SpiffeJsseImplementation().getSSLSupport(null, this.clientHello);
        assertThat(none.getSessionId()).isNull();
        assertThat(none.getCipherSuite()).isNull();
    }

    /** A session with an ID and a value store, as much as the attributes need. */
    private static SSLSession session(byte[] id) {
        Map<String, Object> values = new HashMap<>();
        return (SSLSession) Proxy.newProxyInstance(SSLSession.class.getClassLoader(), new Class<?>[] { SSLSession.class },
                (proxy, method, arguments) -> switch (method.getName()) {
                    case "getId" -> id.clone();
                    case "getValue" -> values.get((String) arguments[0]);
                    case "putValue" -> values.put((String) arguments[0], arguments[1]);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
