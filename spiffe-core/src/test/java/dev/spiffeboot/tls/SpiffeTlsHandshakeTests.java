package dev.spiffeboot.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Real TLS handshakes over loopback between the SPIFFE contexts. */
class SpiffeTlsHandshakeTests {

    private static final SpiffeId SERVER = SpiffeId.parse("spiffe://example.org/server");

    private static final SpiffeId CLIENT = SpiffeId.parse("spiffe://example.org/client");

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final TestCa ca = TestCa.root("example.org");

    private final AtomicReference<X509Svid> serverSvid = new AtomicReference<>(this.ca.leaf(SERVER.toString()).svid());

    private final AtomicReference<X509Svid> clientSvid = new AtomicReference<>(this.ca.leaf(CLIENT.toString()).svid());

    private SSLServerSocket listener;

    @AfterEach
    void closeListener() throws IOException {
        if (this.listener != null) {
            this.listener.close();
        }
    }

    @Test
    void mtlsHelloExchangeWithBothSidesAuthorizingTheOther() throws Exception {
        SSLContext serverTls = SpiffeSslContexts.mtlsServer(this.serverSvid::get, this.ca.bundle(), Authorizer.id(CLIENT));
        CompletableFuture<Exchange> server = serveHello(serverTls);
        SSLContext clientTls = SpiffeSslContexts.mtlsClient(this.clientSvid::get, this.ca.bundle(), Authorizer.id(SERVER));
        try (SSLSocket connection = SpiffeTls.dial(address(), clientTls, TIMEOUT)) {
            assertThat(SpiffeTls.peerId(connection.getSession())).isEqualTo(SERVER);
            assertThat(connection.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(sayHello(connection)).isEqualTo("Hello client");
        }
        Exchange exchange = server.get(10, TimeUnit.SECONDS);
        assertThat(exchange.peer()).isEqualTo(CLIENT);
        assertThat(exchange.received()).isEqualTo("Hello server");
    }

    @Test
    void serverRejectsAClientWithAnotherId() throws Exception {
        SpiffeId expected = SpiffeId.parse("spiffe://example.org/someone-else");
        SSLContext serverTls = SpiffeSslContexts.mtlsServer(this.serverSvid::get, this.ca.bundle(), Authorizer.id(expected));
        CompletableFuture<Exchange> server = serveHello(serverTls);
        SSLContext clientTls = SpiffeSslContexts.mtlsClient(this.clientSvid::get, this.ca.bundle(), Authorizer.id(SERVER));
        Throwable clientFailure = catchThrowable(() -> {
            try (SSLSocket connection = SpiffeTls.dial(address(), clientTls, TIMEOUT)) {
                sayHello(connection);
            }
        });
        assertThat(clientFailure).isInstanceOf(IOException.class);
        assertThat(serverFailure(server)).isInstanceOf(SSLHandshakeException.class)
            .hasMessageContaining("unexpected ID \"spiffe://example.org/client\"");
    }

    @Test
    void clientRejectsAServerWithAnotherId() throws Exception {
        SSLContext serverTls = SpiffeSslContexts.mtlsServer(this.serverSvid::get, this.ca.bundle(), Authorizer.id(CLIENT));
        CompletableFuture<Exchange> server = serveHello(serverTls);
        SpiffeId expected = SpiffeId.parse("spiffe://example.org/other-server");
        SSLContext clientTls = SpiffeSslContexts.mtlsClient(this.clientSvid::get, this.ca.bundle(), Authorizer.id(expected));
        assertThatThrownBy(() -> SpiffeTls.dial(address(), clientTls, TIMEOUT)).isInstanceOf(SSLHandshakeException.class)
            // newer JDKs prefix the alert, e.g. "(certificate_unknown) unexpected ID ..."
            .hasMessageEndingWith("unexpected ID \"spiffe://example.org/server\" (expected spiffe://example.org/other-server)");
        assertThat(serverFailure(server)).isInstanceOf(IOException.class);
    }

    @Test
    void serverRejectsAClientFromAnUntrustedCa() throws Exception {
        SSLContext serverTls = SpiffeSslContexts.mtlsServer(this.serverSvid::get, this.ca.bundle(), Authorizer.any());
        CompletableFuture<Exchange> server = serveHello(serverTls);
        X509Svid impostor = TestCa.root("example.org").leaf(CLIENT.toString()).svid();
        SSLContext clientTls = SpiffeSslContexts.mtlsClient(() -> impostor, this.ca.bundle(), Authorizer.id(SERVER));
        catchThrowable(() -> {
            try (SSLSocket connection = SpiffeTls.dial(address(), clientTls, TIMEOUT)) {
                sayHello(connection);
            }
        });
        assertThat(serverFailure(server)).isInstanceOf(SSLHandshakeException.class)
            .hasMessageContaining("certificate of \"spiffe://example.org/client\" does not verify against the X.509 bundle");
    }

    @Test
    void clientRejectsAServerFromAnUntrustedCa() throws Exception {
        X509Svid impostor = TestCa.root("example.org").leaf(SERVER.toString()).svid();
        SSLContext serverTls = SpiffeSslContexts.mtlsServer(() -> impostor, this.ca.bundle(), Authorizer.any());
        serveHello(serverTls);
        SSLContext clientTls = SpiffeSslContexts.mtlsClient(this.clientSvid::get, this.ca.bundle(), Authorizer.id(SERVER));
        assertThatThrownBy(() -> SpiffeTls.dial(address(), clientTls, TIMEOUT)).isInstanceOf(SSLHandshakeException.class)
            .hasMessageContaining("does not verify against the X.509 bundle of \"example.org\"");
    }

    @Test
    void mtlsServerRequiresAClientCertificate() throws Exception {
        SSLContext serverTls = SpiffeSslContexts.mtlsServer(this.serverSvid::get, this.ca.bundle(), Authorizer.any());
        CompletableFuture<Exchange> server = serveHello(serverTls);
        SSLContext clientTls = SpiffeSslContexts.tlsClient(this.ca.bundle(), Authorizer.id(SERVER));
        catchThrowable(() -> {
            try (SSLSocket connection = SpiffeTls.dial(address(), clientTls, TIMEOUT)) {
                sayHello(connection);
            }
        });
        assertThat(serverFailure(server)).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void tlsServerPresentsItsSvidWithoutAskingForOne() throws Exception {
        CompletableFuture<Exchange> server = serveHello(SpiffeSslContexts.tlsServer(this.serverSvid::get));
        SSLContext clientTls = SpiffeSslContexts.tlsClient(this.ca.bundle(), Authorizer.id(SERVER));
        try (SSLSocket connection = SpiffeTls.dial(address(), clientTls, TIMEOUT)) {
            assertThat(SpiffeTls.peerId(connection.getSession())).isEqualTo(SERVER);
            assertThat(sayHello(connection)).isEqualTo("Hello client");
        }
        assertThat(server.get(10, TimeUnit.SECONDS).peer()).isNull();
    }

    @Test
    void federatedPeersAreVerifiedAgainstTheirOwnTrustDomain() throws Exception {
        TestCa partnerCa = TestCa.root("partner.org");
        X509Svid partner = partnerCa.leaf("spiffe://partner.org/billing").svid();
        X509BundleSet bundles = X509BundleSet.of(this.ca.bundle(), partnerCa.bundle());
        SSLContext serverTls = SpiffeSslContexts.mtlsServer(this.serverSvid::get, bundles,
                Authorizer.memberOf(TrustDomain.parse("partner.org")));
        CompletableFuture<Exchange> server = serveHello(serverTls);
        SSLContext clientTls = SpiffeSslContexts.mtlsClient(() -> partner, bundles, Authorizer.id(SERVER));
        try (SSLSocket connection = SpiffeTls.dial(address(), clientTls, TIMEOUT)) {
            assertThat(sayHello(connection)).isEqualTo("Hello client");
        }
        assertThat(server.get(10, TimeUnit.SECONDS).peer()).isEqualTo(SpiffeId.parse("spiffe://partner.org/billing"));
    }

    @Test
    void rotatedSvidsArePresentedAtTheNextHandshakeOnBothSides() throws Exception {
        assertRotatedSvidsArePresented("TLSv1.3");
    }

    @Test
    void rotatedSvidsArePresentedAtTheNextHandshakeOverTls12() throws Exception {
        assertRotatedSvidsArePresented("TLSv1.2");
    }

    /** Connects twice with the same contexts, rotating both SVIDs in between. */
    private void assertRotatedSvidsArePresented(String protocol) throws Exception {
        SSLContext serverTls = SpiffeSslContexts.mtlsServer(this.serverSvid::get, this.ca.bundle(), Authorizer.id(CLIENT));
        SSLContext clientTls = SpiffeSslContexts.mtlsClient(this.clientSvid::get, this.ca.bundle(), Authorizer.id(SERVER));
        this.listener = SpiffeTls.listen(new InetSocketAddress("127.0.0.1", 0), serverTls);
        this.listener.setEnabledProtocols(new String[] { protocol });

        BigInteger[] before = connectOnce(clientTls);
        assertThat(before[0]).isEqualTo(this.serverSvid.get().leaf().getSerialNumber());
        assertThat(before[1]).isEqualTo(this.clientSvid.get().leaf().getSerialNumber());

        this.serverSvid.set(this.ca.leaf(SERVER.toString()).svid());
        this.clientSvid.set(this.ca.leaf(CLIENT.toString()).svid());
        BigInteger[] after = connectOnce(clientTls);
        assertThat(after[0]).isNotEqualTo(before[0]).isEqualTo(this.serverSvid.get().leaf().getSerialNumber());
        assertThat(after[1]).isNotEqualTo(before[1]).isEqualTo(this.clientSvid.get().leaf().getSerialNumber());
    }

    @Test
    void clientPresentsItsRotatedSvidEvenToServersThatOfferResumption() throws Exception {
        // A plain JDK server issues TLS 1.3 session tickets; the SPIFFE client must not use them.
        this.listener = SpiffeTls.listen(new InetSocketAddress("127.0.0.1", 0), plainJdkServer());
        this.listener.setNeedClientAuth(true);
        SSLContext clientTls = SpiffeSslContexts.mtlsClient(this.clientSvid::get, this.ca.bundle(), Authorizer.id(SERVER));

        BigInteger[] before = connectOnce(clientTls);
        this.clientSvid.set(this.ca.leaf(CLIENT.toString()).svid());
        BigInteger[] after = connectOnce(clientTls);
        assertThat(after[1]).isNotEqualTo(before[1]).isEqualTo(this.clientSvid.get().leaf().getSerialNumber());
    }

    private SSLContext plainJdkServer() throws Exception {
        char[] password = "test".toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", this.serverSvid.get().privateKey(), password,
                this.serverSvid.get().chain().toArray(new X509Certificate[0]));
        keyStore.setCertificateEntry("root", this.ca.certificate());
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, password);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(keyStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    @Test
    void tls12IsAllowedAndOlderProtocolsAreNot() throws Exception {
        SSLContext serverTls = SpiffeSslContexts.mtlsServer(this.serverSvid::get, this.ca.bundle(), Authorizer.id(CLIENT));
        SSLContext clientTls = SpiffeSslContexts.mtlsClient(this.clientSvid::get, this.ca.bundle(), Authorizer.id(SERVER));
        this.listener = SpiffeTls.listen(new InetSocketAddress("127.0.0.1", 0), serverTls);
        assertThat(this.listener.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(this.listener.getNeedClientAuth()).isTrue();
        CompletableFuture<Exchange> server = acceptOne();
        try (SSLSocket connection = (SSLSocket) clientTls.getSocketFactory().createSocket()) {
            connection.setEnabledProtocols(new String[] { "TLSv1.2" });
            connection.connect(address(), 10_000);
            connection.startHandshake();
            assertThat(connection.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(sayHello(connection)).isEqualTo("Hello client");
        }
        assertThat(server.get(10, TimeUnit.SECONDS).peer()).isEqualTo(CLIENT);
    }

    @Test
    void rsaSvidsWork() throws Exception {
        this.serverSvid.set(this.ca.leaf(SERVER.toString()).rsa().svid());
        this.clientSvid.set(this.ca.leaf(CLIENT.toString()).rsa().svid());
        CompletableFuture<Exchange> server = serveHello(
                SpiffeSslContexts.mtlsServer(this.serverSvid::get, this.ca.bundle(), Authorizer.id(CLIENT)));
        SSLContext clientTls = SpiffeSslContexts.mtlsClient(this.clientSvid::get, this.ca.bundle(), Authorizer.id(SERVER));
        try (SSLSocket connection = SpiffeTls.dial(address(), clientTls, TIMEOUT)) {
            assertThat(sayHello(connection)).isEqualTo("Hello client");
        }
        assertThat(server.get(10, TimeUnit.SECONDS).peer()).isEqualTo(CLIENT);
    }

    @Test
    void aServerWithoutAnSvidFailsTheHandshakeWithoutCrashing() throws Exception {
        SSLContext serverTls = SpiffeSslContexts.mtlsServer(() -> {
            throw new IllegalStateException("no X509-SVID available: the Workload API withdrew it");
        }, this.ca.bundle(), Authorizer.any());
        CompletableFuture<Exchange> server = serveHello(serverTls);
        SSLContext clientTls = SpiffeSslContexts.mtlsClient(this.clientSvid::get, this.ca.bundle(), Authorizer.id(SERVER));
        assertThatThrownBy(() -> SpiffeTls.dial(address(), clientTls, TIMEOUT)).isInstanceOf(IOException.class);
        assertThat(serverFailure(server)).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void contextsRefuseToBeReinitialized() {
        SSLContext context = SpiffeSslContexts.tlsServer(this.serverSvid::get);
        assertThatThrownBy(() -> context.init(null, null, null)).isInstanceOf(java.security.KeyManagementException.class);
        assertThat(context.getDefaultSSLParameters().getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void aServerThatWantsClientSvidsTakesClientsWithAndWithoutOne() throws Exception {
        SSLContext serverTls = SpiffeTlsConfig.builder(this.ca.bundle())
            .svid(this.serverSvid::get)
            .authorizer(Authorizer.id(CLIENT))
            .server(ClientAuth.WANT)
            .build()
            .sslContext();
        CompletableFuture<Exchange> withSvid = serveHello(serverTls);
        try (SSLSocket connection = SpiffeTls.dial(address(), SpiffeSslContexts.mtlsClient(this.clientSvid::get,
                this.ca.bundle(), Authorizer.id(SERVER)), TIMEOUT)) {
            assertThat(sayHello(connection)).isEqualTo("Hello client");
        }
        assertThat(withSvid.get(10, TimeUnit.SECONDS).peer()).isEqualTo(CLIENT);
        CompletableFuture<Exchange> withoutSvid = acceptOne();
        try (SSLSocket connection = SpiffeTls.dial(address(), SpiffeSslContexts.tlsClient(this.ca.bundle(), Authorizer.id(SERVER)),
                TIMEOUT)) {
            assertThat(sayHello(connection)).isEqualTo("Hello client");
        }
        assertThat(withoutSvid.get(10, TimeUnit.SECONDS).peer()).isNull();
    }

    @Test
    void aServerThatWantsClientSvidsStillRefusesAnUnauthorizedOne() throws Exception {
        X509Svid intruder = this.ca.leaf("spiffe://example.org/intruder").svid();
        SpiffeTlsConfig config = SpiffeTlsConfig.builder(this.ca.bundle())
            .svid(this.serverSvid::get)
            .authorizer(Authorizer.id(CLIENT))
            .server(ClientAuth.WANT)
            .build();
        assertThat(config.clientAuth()).isEqualTo(ClientAuth.WANT);
        CompletableFuture<Exchange> server = serveHello(config.sslContext());
        SSLContext clientTls = SpiffeSslContexts.mtlsClient(() -> intruder, this.ca.bundle(), Authorizer.id(SERVER));
        assertThatThrownBy(() -> {
            try (SSLSocket connection = SpiffeTls.dial(address(), clientTls, TIMEOUT)) {
                sayHello(connection);
            }
        }).isInstanceOf(IOException.class);
        assertThat(serverFailure(server)).isInstanceOf(SSLHandshakeException.class)
            .hasMessageContaining("unexpected ID \"spiffe://example.org/intruder\"");
    }

    @Test
    void aConfigurationSaysWhatItLacks() {
        assertThatThrownBy(() -> SpiffeTlsConfig.builder(this.ca.bundle()).svid(this.clientSvid::get).build())
            .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("SPIFFE TLS needs an authorizer");
        assertThatThrownBy(() -> SpiffeTlsConfig.builder(this.ca.bundle()).authorizer(Authorizer.any()).server(ClientAuth.NEED).build())
            .isInstanceOf(IllegalStateException.class).hasMessage("a SPIFFE TLS server needs an X509-SVID to present");
        SpiffeTlsConfig tlsOnlyServer = SpiffeTlsConfig.builder(this.ca.bundle()).svid(this.serverSvid::get).server(ClientAuth.NONE).build();
        assertThat(tlsOnlyServer.keyManager()).isNotNull();
        SpiffeTlsConfig tlsOnlyClient = SpiffeTlsConfig.builder(this.ca.bundle()).authorizer(Authorizer.id(SERVER)).build();
        assertThat(tlsOnlyClient.keyManager()).isNull();
        assertThat(tlsOnlyClient.keyManagerFactory().getKeyManagers()).isEmpty();
        assertThat(tlsOnlyClient.trustManagerFactory().getTrustManagers()).containsExactly(tlsOnlyClient.trustManager());
    }

    /** Connects, exchanges hellos, and returns the serial numbers of the server's and the client's leaf. */
    private BigInteger[] connectOnce(SSLContext clientTls) throws Exception {
        CompletableFuture<Exchange> server = acceptOne();
        try (SSLSocket connection = SpiffeTls.dial(address(), clientTls, TIMEOUT)) {
            assertThat(sayHello(connection)).isEqualTo("Hello client");
            BigInteger serverSerial = ((X509Certificate) connection.getSession().getPeerCertificates()[0]).getSerialNumber();
            return new BigInteger[] { serverSerial, server.get(10, TimeUnit.SECONDS).peerSerial() };
        }
    }

    private CompletableFuture<Exchange> serveHello(SSLContext serverTls) throws IOException {
        this.listener = SpiffeTls.listen(new InetSocketAddress("127.0.0.1", 0), serverTls);
        return acceptOne();
    }

    /** Accepts one connection on a background thread: reads a line, answers "Hello client". */
    private CompletableFuture<Exchange> acceptOne() {
        return CompletableFuture.supplyAsync(() -> {
            try (SSLSocket connection = acceptWithin(TIMEOUT)) {
                SpiffeId peer = null;
                BigInteger peerSerial = null;
                try {
                    peer = SpiffeTls.peerId(connection.getSession());
                    peerSerial = ((X509Certificate) connection.getSession().getPeerCertificates()[0]).getSerialNumber();
                }
                catch (SSLPeerUnverifiedException ex) {
                    // TLS without client certificate
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
                String received = reader.readLine();
                OutputStream output = connection.getOutputStream();
                output.write("Hello client\n".getBytes(StandardCharsets.UTF_8));
                output.flush();
                return new Exchange(peer, peerSerial, received);
            }
            catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        });
    }

    private SSLSocket acceptWithin(Duration timeout) throws IOException {
        this.listener.setSoTimeout((int) timeout.toMillis());
        return SpiffeTls.accept(this.listener, timeout);
    }

    private static String sayHello(SSLSocket connection) throws IOException {
        connection.setSoTimeout(10_000);
        connection.getOutputStream().write("Hello server\n".getBytes(StandardCharsets.UTF_8));
        connection.getOutputStream().flush();
        return new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    private static Throwable serverFailure(CompletableFuture<Exchange> server) throws Exception {
        try {
            server.get(10, TimeUnit.SECONDS);
            throw new AssertionError("the server side did not fail");
        }
        catch (ExecutionException ex) {
            return ex.getCause().getCause();
        }
    }

    private InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", this.listener.getLocalPort());
    }

    private record Exchange(SpiffeId peer, BigInteger peerSerial, String received) {
    }
}
