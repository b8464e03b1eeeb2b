package dev.spiffeboot.security.clientmetadata;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

import dev.spiffeboot.security.clientmetadata.ClientMetadataException.Kind;
import dev.spiffeboot.text.LogSafe;

/**
 * Fetches client ID metadata documents and JWK Sets, and nothing else, with the controls that keep a URL an
 * attacker can put in a token from turning this service against its own network (SSRF):
 * <ul>
 * <li>{@code https} only; {@code http} only for a loopback host, and only when loopback is allowed;</li>
 * <li>the addresses a host resolves to are checked ({@link RemoteAddressPolicy}) and the connection goes to exactly
 * the addresses checked: the resolver runs once per connection inside the HTTP client, so a name that resolves
 * differently a second time (DNS rebinding) changes nothing; no proxy is used;</li>
 * <li>no redirect is followed (a 3xx is a failure), only a 200 with a JSON content type is read, and at most
 * {@code maxBytes} of it, counted while reading;</li>
 * <li>a connect time limit and a limit on the whole exchange, after which the request is aborted; at most four
 * connections to one host at once.</li>
 * </ul>
 * TLS: the JDK's trust store with host name verification (the default), or an {@link SSLContext} of your own, e.g.
 * SPIFFE mTLS, whose peers are SPIFFE IDs and whose host names are therefore not verified. Thread-safe; close it to
 * release its connections.
 */
public final class ClientMetadataFetcher implements AutoCloseable {

    private static final int CONNECTIONS_PER_HOST = 4;

    private static final int CONNECTIONS = 64;

    private final CloseableHttpClient http;

    private final ScheduledThreadPoolExecutor deadlines;

    private final RemoteAddressPolicy addresses;

    private final Duration fetchTimeout;

    private ClientMetadataFetcher(Builder builder) {
        this.addresses = new RemoteAddressPolicy(builder.allowLoopback, builder.allowPrivateAddresses);
        this.fetchTimeout = builder.fetchTimeout;
        DefaultClientTlsStrategy tls = builder.verifyHostnames
                ? new DefaultClientTlsStrategy(builder.sslContext, HostnameVerificationPolicy.BOTH, new DefaultHostnameVerifier())
                : new DefaultClientTlsStrategy(builder.sslContext, HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE);
        ConnectionConfig connections = ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(builder.connectTimeout))
            .setSocketTimeout(Timeout.of(builder.fetchTimeout))
            .build();
        this.http = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new CheckingResolver(builder.resolver, this.addresses))
                .setTlsSocketStrategy(tls)
                .setDefaultConnectionConfig(connections)
                .setMaxConnPerRoute(CONNECTIONS_PER_HOST)
                .setMaxConnTotal(CONNECTIONS)
                .build())
            .setDefaultRequestConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(builder.fetchTimeout))
                .setResponseTimeout(Timeout.of(builder.fetchTimeout))
                .setRedirectsEnabled(false)
                .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .build();
        this.deadlines = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "client-metadata-fetch-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    /** A builder with the defaults: the JDK's trust store, no loopback, no private addresses, 2 s to connect, 5 s in all. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code http} on loopback hosts and loopback addresses are allowed (tests, development). */
    public boolean allowsLoopback() {
        return this.addresses.allowsLoopback();
    }

    /**
     * Fetches a JSON object.
     *
     * @param uri where (https, or http on an allowed loopback host)
     * @param maxBytes the most bytes read; a longer answer is refused
     * @throws ClientMetadataException saying what went wrong and whether a retry may help
     */
    public FetchedJson fetch(URI uri, int maxBytes) throws ClientMetadataException {
        String problem = RemoteAddressPolicy.urlProblem(uri, this.addresses.allowsLoopback());
        if (problem != null) {
            throw new ClientMetadataException(Kind.ADDRESS_NOT_ALLOWED, "not fetching " + quote(uri) + ": the URL " + problem);
        }
        HttpGet request = new HttpGet(uri);
        request.setHeader("Accept", "application/json");
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = this.deadlines.schedule(() -> {
            timedOut.set(true);
            request.cancel();
        }, this.fetchTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try (ClassicHttpResponse response = this.http.executeOpen(null, request, null)) {
            return read(uri, response, maxBytes);
        }
        catch (IOException ex) {
            throw failure(uri, ex, timedOut.get());
        }
        finally {
            deadline.cancel(false);
        }
    }

    private ClientMetadataException failure(URI uri, IOException ex, boolean timedOut) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof AddressNotAllowedException refused) {
                return new ClientMetadataException(Kind.ADDRESS_NOT_ALLOWED, "not fetching " + quote(uri) + ": " + refused.getMessage());
            }
        }
        if (timedOut) {
            return new ClientMetadataException(Kind.UNREACHABLE, "no complete answer from " + quote(uri) + " within "
                    + this.fetchTimeout.toMillis() + " ms");
        }
        String what = (ex instanceof SSLException) ? "TLS with " : (ex instanceof UnknownHostException) ? "unknown host in " : "cannot fetch ";
        return new ClientMetadataException(Kind.UNREACHABLE, what + quote(uri) + ": " + LogSafe.escape(String.valueOf(ex.getMessage())));
    }

    private static FetchedJson read(URI uri, ClassicHttpResponse response, int maxBytes) throws IOException, ClientMetadataException {
        int status = response.getCode();
        if (status >= 500 || status == 429) {
            throw new ClientMetadataException(Kind.UNREACHABLE, quote(uri) + " answered HTTP " + status);
        }
        if (status >= 300 && status < 400) {
            Header location = response.getFirstHeader("Location");
            throw new ClientMetadataException(Kind.BAD_RESPONSE, quote(uri) + " answered a redirect (HTTP " + status
                    + ((location != null) ? " to " + LogSafe.quote(location.getValue()) : "") + "), which is not followed");
        }
        if (status != 200) {
            throw new ClientMetadataException(Kind.BAD_RESPONSE, quote(uri) + " answered HTTP " + status + ", not 200");
        }
        Header contentType = response.getFirstHeader("Content-Type");
        if (contentType == null || !isJson(contentType.getValue())) {
            throw new ClientMetadataException(Kind.BAD_RESPONSE, quote(uri) + " answered content type "
                    + ((contentType != null) ? LogSafe.quote(contentType.getValue()) : "none") + ", not JSON");
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            throw new ClientMetadataException(Kind.BAD_RESPONSE, quote(uri) + " answered without a body");
        }
        if (entity.getContentLength() > maxBytes) {
            throw tooLarge(uri, maxBytes);
        }
        byte[] body;
        try (InputStream in = entity.getContent()) {
            body = in.readNBytes(maxBytes + 1);
        }
        if (body.length > maxBytes) {
            throw tooLarge(uri, maxBytes);
        }
        Map<String, Object> members;
        try {
            members = JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
        }
        catch (ParseException ex) {
            throw new ClientMetadataException(Kind.BAD_RESPONSE, quote(uri) + " answered something that is not a JSON object");
        }
        List<String> cacheControl = new ArrayList<>();
        for (Header header : response.getHeaders("Cache-Control")) {
            cacheControl.add(header.getValue());
        }
        return new FetchedJson(members, CacheControl.lifetime(cacheControl));
    }

    private static ClientMetadataException tooLarge(URI uri, int maxBytes) {
        return new ClientMetadataException(Kind.BAD_RESPONSE, quote(uri) + " answered more than " + maxBytes + " bytes");
    }

    /** {@code application/json}, or {@code application/<something>+json}, with any parameters. */
    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static String quote(URI uri) {
        return LogSafe.quote(uri.toString());
    }

    @Override
    public void close() {
        this.deadlines.shutdownNow();
        try {
            this.http.close();
        }
        catch (IOException ex) {
            // closing the pool's sockets: nothing is left to do about it
        }
    }

    /** A resolved address that the policy refuses; the connection is not attempted. */
    private static final class AddressNotAllowedException extends UnknownHostException {

        private static final long serialVersionUID = 1L;

        AddressNotAllowedException(String message) {
            super(message);
        }
    }

    /**
     * The HTTP client's resolver: it resolves once per connection, and the client connects to exactly the addresses
     * returned, so the addresses checked are the addresses connected to. A host with any refused address is refused
     * as a whole.
     */
    private static final class CheckingResolver implements DnsResolver {

        private final HostResolver resolver;

        private final RemoteAddressPolicy policy;

        CheckingResolver(HostResolver resolver, RemoteAddressPolicy policy) {
            this.resolver = resolver;
            this.policy = policy;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] resolved = this.resolver.resolve(host);
            if (resolved == null || resolved.length == 0) {
                throw new UnknownHostException(host);
            }
            for (InetAddress address : resolved) {
                String refusal = this.policy.refusal(address);
                if (refusal != null) {
                    throw new AddressNotAllowedException("host " + LogSafe.quote(host) + " resolves to "
                            + address.getHostAddress() + ", " + refusal);
                }
            }
            return resolved;
        }

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (InetAddress address : resolve(host)) {
                addresses.add(new InetSocketAddress(address, port));
            }
            return addresses;
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }

    /** Builds a {@link ClientMetadataFetcher}. */
    public static final class Builder {

        private SSLContext sslContext;

        private boolean verifyHostnames = true;

        private boolean allowLoopback;

        private boolean allowPrivateAddresses;

        private Duration connectTimeout = Duration.ofSeconds(2);

        private Duration fetchTimeout = Duration.ofSeconds(5);

        private HostResolver resolver = HostResolver.system();

        private Builder() {
        }

        /**
         * The TLS of the fetches.
         *
         * @param sslContext whom to trust (and what to present)
         * @param verifyHostnames whether the server's certificate must name the URL's host: yes for WebPKI
         * certificates, no for SPIFFE X509-SVIDs, which name a SPIFFE ID instead
         */
        public Builder tls(SSLContext sslContext, boolean verifyHostnames) {
            this.sslContext = Objects.requireNonNull(sslContext, "SSL context");
            this.verifyHostnames = verifyHostnames;
            return this;
        }

        /** Whether {@code http} on a loopback host and loopback addresses are allowed (tests, development; default no). */
        public Builder allowLoopback(boolean allowLoopback) {
            this.allowLoopback = allowLoopback;
            return this;
        }

        /**
         * Whether private addresses (RFC 1918, CGNAT, IPv6 unique-local) are allowed, for issuers inside your own
         * network (default no). Link-local and other special-use addresses stay refused.
         */
        public Builder allowPrivateAddresses(boolean allowPrivateAddresses) {
            this.allowPrivateAddresses = allowPrivateAddresses;
            return this;
        }

        /** How long a connection may take (default 2 s) and the whole exchange (default 5 s). */
        public Builder timeouts(Duration connectTimeout, Duration fetchTimeout) {
            this.connectTimeout = positive(connectTimeout, "connect timeout");
            this.fetchTimeout = positive(fetchTimeout, "fetch timeout");
            return this;
        }

        /** What turns host names into addresses (default: the system's resolver). */
        public Builder hostResolver(HostResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "host resolver");
            return this;
        }

        public ClientMetadataFetcher build() {
            if (this.sslContext == null) {
                try {
                    this.sslContext = SSLContext.getDefault();
                }
                catch (NoSuchAlgorithmException ex) {
                    throw new IllegalStateException("the JDK has no default TLS", ex);
                }
                this.verifyHostnames = true;
            }
            return new ClientMetadataFetcher(this);
        }

        private static Duration positive(Duration value, String what) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
            return value;
        }
    }
}
