package dev.spiffeboot.security.clientmetadata;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.spiffeboot.security.clientmetadata.ClientMetadataException.Kind;
import dev.spiffeboot.testing.TestClientMetadataServer;
import dev.spiffeboot.testing.TestClientMetadataServer.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each control of the fetcher against real servers on 127.0.0.1, names made to resolve where a test needs them to. */
class ClientMetadataFetcherTests {

    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : this.closeables) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        this.closeables.add(closeable);
        return closeable;
    }

    private TestClientMetadataServer http() throws Exception {
        return closing(TestClientMetadataServer.http());
    }

    private ClientMetadataFetcher loopbackFetcher() {
        return closing(ClientMetadataFetcher.builder().allowLoopback(true).build());
    }

    private static ClientMetadataException failure(ClientMetadataFetcher fetcher, String url, int maxBytes) {
        return catchThrowableOfType(ClientMetadataException.class, () -> fetcher.fetch(URI.create(url), maxBytes));
    }

    @Test
    void fetchesAJsonObjectWithItsCacheLifetime() throws Exception {
        TestClientMetadataServer server = http();
        server.answer("/c.json", Answer.json("{\"client_id\":\"x\"}").header("Cache-Control", "max-age=120"));
        FetchedJson fetched = loopbackFetcher().fetch(URI.create(server.url("/c.json")), 1024);
        assertThat(fetched.members()).containsEntry("client_id", "x");
        assertThat(fetched.lifetime()).hasSeconds(120);
        assertThat(server.requests("/c.json")).isOne();
    }

    @Test
    void aRedirectIsAFailureAndIsNotFollowed() throws Exception {
        TestClientMetadataServer server = http();
        server.answer("/c.json", Answer.json("").status(302).header("Location", server.url("/elsewhere.json")));
        server.answer("/elsewhere.json", Answer.json("{}"));
        ClientMetadataException failure = failure(loopbackFetcher(), server.url("/c.json"), 1024);
        assertThat(failure.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(failure.getMessage()).contains("answered a redirect (HTTP 302 to ").contains("which is not followed");
        assertThat(server.requests("/elsewhere.json")).isZero();
    }

    @Test
    void onlyA200WithAJsonObjectWithinTheSizeLimitIsRead() throws Exception {
        TestClientMetadataServer server = http();
        ClientMetadataFetcher fetcher = loopbackFetcher();
        server.answer("/404", Answer.json("{}").status(404));
        server.answer("/html", Answer.json("{}").header("Content-Type", "text/html"));
        server.answer("/vendor", Answer.json("{\"a\":1}").header("Content-Type", "application/cimd+json; charset=utf-8"));
        server.answer("/array", Answer.json("[1,2]"));
        server.answer("/large", Answer.json("{\"a\":\"" + "x".repeat(2000) + "\"}"));
        assertThat(failure(fetcher, server.url("/404"), 1024).getMessage()).endsWith("answered HTTP 404, not 200");
        assertThat(failure(fetcher, server.url("/html"), 1024).getMessage()).contains("content type \"text/html\", not JSON");
        assertThat(fetcher.fetch(URI.create(server.url("/vendor")), 1024).members()).containsKey("a");
        assertThat(failure(fetcher, server.url("/array"), 1024).getMessage()).endsWith("something that is not a JSON object");
        ClientMetadataException tooLarge = failure(fetcher, server.url("/large"), 1024);
        assertThat(tooLarge.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(tooLarge.getMessage()).endsWith("answered more than 1024 bytes");
    }

    @Test
    void aBodyLargerThanTheLimitIsRefusedWhileReadingWithoutALength() throws Exception {
        TestClientMetadataServer server = http();
        server.answer("/chunked", Answer.json("{\"a\":\"" + "x".repeat(5000) + "\"}").header("Transfer-Encoding", "chunked"));
        assertThat(failure(loopbackFetcher(), server.url("/chunked"), 1024).getMessage()).endsWith("answered more than 1024 bytes");
    }

    @Test
    void aServerTooSlowToAnswerIsUnreachableOnceTheTimeLimitPasses() throws Exception {
        TestClientMetadataServer server = http();
        server.answer("/slow", Answer.json("{}").delay(Duration.ofSeconds(20)));
        ClientMetadataFetcher fetcher = closing(ClientMetadataFetcher.builder().allowLoopback(true)
            .timeouts(Duration.ofSeconds(1), Duration.ofMillis(300)).build());
        ClientMetadataException failure = failure(fetcher, server.url("/slow"), 1024);
        assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(failure.getMessage()).contains("within 300 ms");
    }

    @Test
    void serverErrorsAndClosedPortsAreUnreachable() throws Exception {
        TestClientMetadataServer server = http();
        server.answer("/down", Answer.json("{}").status(503));
        ClientMetadataFetcher fetcher = loopbackFetcher();
        assertThat(failure(fetcher, server.url("/down"), 1024).kind()).isEqualTo(Kind.UNREACHABLE);
        String closed = server.url("/c.json");
        server.close();
        assertThat(failure(fetcher, closed, 1024).kind()).isEqualTo(Kind.UNREACHABLE);
    }

    @Test
    void plainHttpOnlyForALoopbackHostAndOnlyWhenLoopbackIsAllowed() throws Exception {
        TestClientMetadataServer server = http();
        server.answer("/c.json", Answer.json("{}"));
        ClientMetadataFetcher strict = closing(ClientMetadataFetcher.builder().build());
        ClientMetadataException loopback = failure(strict, server.url("/c.json"), 1024);
        assertThat(loopback.kind()).isEqualTo(Kind.ADDRESS_NOT_ALLOWED);
        ClientMetadataFetcher named = closing(ClientMetadataFetcher.builder().allowLoopback(true)
            .hostResolver(host -> new InetAddress[] { InetAddress.getLoopbackAddress() }).build());
        ClientMetadataException notLoopbackName = failure(named, "http://service-a.test:" + server.port() + "/c.json", 1024);
        assertThat(notLoopbackName.kind()).isEqualTo(Kind.ADDRESS_NOT_ALLOWED);
        assertThat(notLoopbackName.getMessage()).contains("must use the https scheme");
        assertThat(server.requests("/c.json")).isZero();
    }

    @Test
    void aHostResolvingToALinkLocalOrPrivateAddressIsNotConnectedTo() throws Exception {
        List<String> resolved = new CopyOnWriteArrayList<>();
        HostResolver metadataService = host -> {
            resolved.add(host);
            return new InetAddress[] { InetAddress.getByName("169.254.169.254") };
        };
        ClientMetadataFetcher fetcher = closing(ClientMetadataFetcher.builder().allowLoopback(true).allowPrivateAddresses(true)
            .hostResolver(metadataService).build());
        ClientMetadataException failure = failure(fetcher, "https://service-a.test/latest/meta-data.json", 1024);
        assertThat(failure.kind()).isEqualTo(Kind.ADDRESS_NOT_ALLOWED);
        assertThat(failure.getMessage()).contains("host \"service-a.test\" resolves to 169.254.169.254, a link-local address");
        assertThat(resolved).containsExactly("service-a.test");
        ClientMetadataFetcher noPrivate = closing(ClientMetadataFetcher.builder()
            .hostResolver(host -> new InetAddress[] { InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.0.0.7") }).build());
        assertThat(failure(noPrivate, "https://service-a.test/c.json", 1024).getMessage())
            .contains("resolves to 127.0.0.1, a loopback address");
        ClientMetadataFetcher literal = closing(ClientMetadataFetcher.builder().build());
        assertThat(failure(literal, "https://169.254.169.254/c.json", 1024).kind()).isEqualTo(Kind.ADDRESS_NOT_ALLOWED);
        assertThat(failure(literal, "https://[fd00::1]/c.json", 1024).getMessage()).contains("a private address");
    }

    @Test
    void theAddressCheckedIsTheAddressConnectedToForEveryConnection() throws Exception {
        TestClientMetadataServer server = http();
        // each answer closes its connection, so each fetch resolves the name again
        server.answer("/c.json", Answer.json("{}").header("Connection", "close"));
        AtomicReference<String> answer = new AtomicReference<>("127.0.0.1");
        List<String> lookups = new CopyOnWriteArrayList<>();
        HostResolver rebinding = host -> {
            lookups.add(host);
            return new InetAddress[] { InetAddress.getByName(answer.get()) };
        };
        ClientMetadataFetcher fetcher = closing(ClientMetadataFetcher.builder().allowLoopback(true).hostResolver(rebinding).build());
        String url = "http://localhost:" + server.port() + "/c.json";
        fetcher.fetch(URI.create(url), 1024);
        assertThat(lookups).hasSize(1);
        answer.set("169.254.169.254");
        assertThat(failure(fetcher, url, 1024).kind()).isEqualTo(Kind.ADDRESS_NOT_ALLOWED);
        assertThat(lookups).hasSize(2);
        assertThat(server.requests("/c.json")).isOne();
    }

    @Test
    void anUnknownHostIsUnreachable() throws Exception {
        ClientMetadataFetcher fetcher = closing(ClientMetadataFetcher.builder().hostResolver(host -> {
            throw new UnknownHostException(host);
        }).build());
        assertThat(failure(fetcher, "https://service-a.test/c.json", 1024).kind()).isEqualTo(Kind.UNREACHABLE);
    }

    @Test
    void httpsVerifiesTheHostNameUnlessTheTrustIdentifiesServersOtherwise() throws Exception {
        TestWebPki pki = TestWebPki.forHost("service-a.test");
        TestClientMetadataServer server = closing(TestClientMetadataServer.https(pki.server(), "service-a.test"));
        server.answer("/c.json", Answer.json("{\"ok\":true}"));
        HostResolver local = host -> new InetAddress[] { InetAddress.getLoopbackAddress() };
        ClientMetadataFetcher verifying = closing(ClientMetadataFetcher.builder().tls(pki.client(), true).allowLoopback(true).timeouts(Duration.ofSeconds(1), Duration.ofMillis(1500))
            .hostResolver(local).build());
        assertThat(verifying.fetch(URI.create(server.url("/c.json")), 1024).members()).containsEntry("ok", true);
        String otherName = "https://service-b.test:" + server.port() + "/c.json";
        ClientMetadataException mismatch = failure(verifying, otherName, 1024);
        assertThat(mismatch.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(mismatch.getMessage()).startsWith("TLS with \"" + otherName + "\"");
        ClientMetadataFetcher byOtherMeans = closing(ClientMetadataFetcher.builder().tls(pki.client(), false).allowLoopback(true)
            .hostResolver(local).build());
        assertThat(byOtherMeans.fetch(URI.create(otherName), 1024).members()).containsEntry("ok", true);
        ClientMetadataFetcher systemTrust = closing(ClientMetadataFetcher.builder().allowLoopback(true).hostResolver(local).build());
        assertThat(failure(systemTrust, server.url("/c.json"), 1024).getMessage()).startsWith("TLS with ");
    }
}
