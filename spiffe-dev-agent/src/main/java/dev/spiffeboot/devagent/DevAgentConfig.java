package dev.spiffeboot.devagent;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * What a dev agent serves. Written in YAML for the command line:
 *
 * <pre>
 * trust-domain: example.org
 * ca-directory: dev-ca            # relative to this file; created on first run, shared by every agent using it
 * x509-svid-ttl: 1h               # default 1h
 * jwt-svid-ttl: 5m                # default 5m
 * federated-trust-domain: partner.org   # optional second trust domain, trusted by every workload
 * endpoints:
 *   - socket: /tmp/spiffe/server.sock    # one socket per workload: every caller gets these identities
 *     spiffe-id: spiffe://example.org/server
 *   - socket: /tmp/spiffe/shared.sock    # a shared socket tells callers apart by uid/gid (SO_PEERCRED)
 *     identities:
 *       - spiffe-id: spiffe://example.org/billing
 *         uid: 1000
 *       - spiffe-id: spiffe://example.org/ops
 *         gid: 50
 *         hint: internal
 *   - tcp: 127.0.0.1:8081
 *     spiffe-id: spiffe://example.org/tcp-client
 *   - socket: /tmp/spiffe/expired.sock   # for demos of expiry checks: JWT-SVIDs that expired an hour ago
 *     spiffe-id: spiffe://example.org/client
 *     expired-jwt-svids: true
 * </pre>
 */
public final class DevAgentConfig {

    /** The default X509-SVID lifetime. */
    public static final Duration DEFAULT_X509_SVID_TTL = Duration.ofHours(1);

    /** The default JWT-SVID lifetime. */
    public static final Duration DEFAULT_JWT_SVID_TTL = Duration.ofMinutes(5);

    private static final Set<String> TOP_LEVEL_KEYS = Set.of("trust-domain", "ca-directory", "x509-svid-ttl",
            "jwt-svid-ttl", "federated-trust-domain", "endpoints");

    private static final Set<String> ENDPOINT_KEYS = Set.of("socket", "tcp", "spiffe-id", "hint", "expired-jwt-svids", "identities");

    private static final Set<String> IDENTITY_KEYS = Set.of("spiffe-id", "hint", "uid", "gid", "expired-jwt-svids");

    private final TrustDomain trustDomain;

    private final Path caDirectory;

    private final Duration x509SvidTtl;

    private final Duration jwtSvidTtl;

    private final TrustDomain federatedTrustDomain;

    private final List<Endpoint> endpoints;

    private DevAgentConfig(Builder builder) {
        this.trustDomain = Objects.requireNonNull(builder.trustDomain, "trust-domain");
        this.caDirectory = Objects.requireNonNull(builder.caDirectory, "ca-directory");
        this.x509SvidTtl = builder.x509SvidTtl;
        this.jwtSvidTtl = builder.jwtSvidTtl;
        this.federatedTrustDomain = builder.federatedTrustDomain;
        this.endpoints = List.copyOf(builder.endpoints);
        if (this.endpoints.isEmpty()) {
            throw new IllegalArgumentException("endpoints: at least one endpoint is needed");
        }
        for (Endpoint endpoint : this.endpoints) {
            for (Identity identity : endpoint.identities()) {
                TrustDomain domain = identity.spiffeId().trustDomain();
                if (!domain.equals(this.trustDomain) && !domain.equals(this.federatedTrustDomain)) {
                    throw new IllegalArgumentException("endpoint " + endpoint + ": " + identity.spiffeId()
                            + " is in neither the trust domain nor the federated trust domain");
                }
            }
        }
    }

    public static Builder builder(TrustDomain trustDomain, Path caDirectory) {
        return new Builder(trustDomain, caDirectory);
    }

    /**
     * Reads a YAML configuration file. Relative paths in it are relative to the file's directory.
     *
     * @throws IllegalArgumentException naming the property that is wrong
     * @throws IOException if the file cannot be read
     */
    public static DevAgentConfig load(Path file) throws IOException {
        Map<String, Object> yaml;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (!(loaded instanceof Map)) {
                throw new IllegalArgumentException(file + ": expected a YAML mapping");
            }
            yaml = map(loaded, "the configuration");
        }
        try {
            return fromYaml(yaml, file.toAbsolutePath().getParent());
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
        }
    }

    private static DevAgentConfig fromYaml(Map<String, Object> yaml, Path base) {
        checkKeys(yaml, TOP_LEVEL_KEYS, "");
        TrustDomain trustDomain = TrustDomain.parse(string(yaml, "trust-domain", ""));
        Path caDirectory = base.resolve(Optional.ofNullable((Object) yaml.get("ca-directory")).map(String::valueOf).orElse("dev-ca"));
        Builder builder = new Builder(trustDomain, caDirectory);
        if (yaml.containsKey("x509-svid-ttl")) {
            builder.x509SvidTtl(Durations.parse(String.valueOf(yaml.get("x509-svid-ttl")), "x509-svid-ttl"));
        }
        if (yaml.containsKey("jwt-svid-ttl")) {
            builder.jwtSvidTtl(Durations.parse(String.valueOf(yaml.get("jwt-svid-ttl")), "jwt-svid-ttl"));
        }
        if (yaml.containsKey("federated-trust-domain")) {
            builder.federatedTrustDomain(TrustDomain.parse(string(yaml, "federated-trust-domain", "")));
        }
        Object endpoints = yaml.get("endpoints");
        if (!(endpoints instanceof List)) {
            throw new IllegalArgumentException("endpoints: expected a list of endpoints");
        }
        List<?> list = (List<?>) endpoints;
        for (int i = 0; i < list.size(); i++) {
            builder.endpoint(endpoint(map(list.get(i), "endpoints[" + i + "]"), "endpoints[" + i + "].", base));
        }
        return builder.build();
    }

    private static Endpoint endpoint(Map<String, Object> yaml, String prefix, Path base) {
        checkKeys(yaml, ENDPOINT_KEYS, prefix);
        List<Identity> identities = new ArrayList<>();
        if (yaml.containsKey("spiffe-id")) {
            identities.add(identity(yaml, prefix));
        }
        if (yaml.containsKey("identities")) {
            Object entries = yaml.get("identities");
            if (!(entries instanceof List)) {
                throw new IllegalArgumentException(prefix + "identities: expected a list");
            }
            List<?> list = (List<?>) entries;
            for (int i = 0; i < list.size(); i++) {
                String itemPrefix = prefix + "identities[" + i + "].";
                Map<String, Object> item = map(list.get(i), itemPrefix);
                checkKeys(item, IDENTITY_KEYS, itemPrefix);
                identities.add(identity(item, itemPrefix));
            }
        }
        if (yaml.containsKey("socket") == yaml.containsKey("tcp")) {
            throw new IllegalArgumentException(prefix + "socket/tcp: give exactly one of them");
        }
        if (yaml.containsKey("socket")) {
            return new Endpoint(base.resolve(string(yaml, "socket", prefix)).normalize(), null, identities);
        }
        return new Endpoint(null, loopback(string(yaml, "tcp", prefix), prefix + "tcp"), identities);
    }

    private static Identity identity(Map<String, Object> yaml, String prefix) {
        SpiffeId id;
        try {
            id = SpiffeId.parse(string(yaml, "spiffe-id", prefix));
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(prefix + "spiffe-id: " + ex.getMessage(), ex);
        }
        return new Identity(id, yaml.containsKey("hint") ? string(yaml, "hint", prefix) : "",
                integer(yaml, "uid", prefix), integer(yaml, "gid", prefix), flag(yaml, "expired-jwt-svids", prefix));
    }

    private static boolean flag(Map<String, Object> yaml, String key, String prefix) {
        Object value = yaml.get(key);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean flag)) {
            throw new IllegalArgumentException(prefix + key + ": expected true or false, got " + value);
        }
        return flag;
    }

    private static InetSocketAddress loopback(String value, String property) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(property + ": expected IP:port, got " + value);
        }
        try {
            String host = value.substring(0, colon).replace("[", "").replace("]", "");
            InetAddress address = InetAddress.getByName(host);
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException(property + ": the dev agent only listens on loopback, got " + host);
            }
            return new InetSocketAddress(address, Integer.parseInt(value.substring(colon + 1)));
        }
        catch (UnknownHostException | NumberFormatException ex) {
            throw new IllegalArgumentException(property + ": expected IP:port, got " + value, ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(what + ": expected a mapping");
        }
        return (Map<String, Object>) value;
    }

    private static void checkKeys(Map<String, Object> yaml, Set<String> allowed, String prefix) {
        for (String key : yaml.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(prefix + key + ": unknown property (known: " + allowed + ")");
            }
        }
    }

    private static String string(Map<String, Object> yaml, String key, String prefix) {
        Object value = yaml.get(key);
        if (value == null) {
            throw new IllegalArgumentException(prefix + key + ": required");
        }
        return String.valueOf(value);
    }

    private static Integer integer(Map<String, Object> yaml, String key, String prefix) {
        Object value = yaml.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer)) {
            throw new IllegalArgumentException(prefix + key + ": expected a number, got " + value);
        }
        return (Integer) value;
    }

    public TrustDomain trustDomain() {
        return this.trustDomain;
    }

    public Path caDirectory() {
        return this.caDirectory;
    }

    public Duration x509SvidTtl() {
        return this.x509SvidTtl;
    }

    public Duration jwtSvidTtl() {
        return this.jwtSvidTtl;
    }

    public Optional<TrustDomain> federatedTrustDomain() {
        return Optional.ofNullable(this.federatedTrustDomain);
    }

    public List<Endpoint> endpoints() {
        return this.endpoints;
    }

    /** Builds a {@link DevAgentConfig} in code (tests and embedding). */
    public static final class Builder {

        private final TrustDomain trustDomain;

        private final Path caDirectory;

        private Duration x509SvidTtl = DEFAULT_X509_SVID_TTL;

        private Duration jwtSvidTtl = DEFAULT_JWT_SVID_TTL;

        private TrustDomain federatedTrustDomain;

        private final List<Endpoint> endpoints = new ArrayList<>();

        private Builder(TrustDomain trustDomain, Path caDirectory) {
            this.trustDomain = trustDomain;
            this.caDirectory = caDirectory;
        }

        public Builder x509SvidTtl(Duration ttl) {
            this.x509SvidTtl = Objects.requireNonNull(ttl, "x509-svid-ttl");
            return this;
        }

        public Builder jwtSvidTtl(Duration ttl) {
            this.jwtSvidTtl = Objects.requireNonNull(ttl, "jwt-svid-ttl");
            return this;
        }

        public Builder federatedTrustDomain(TrustDomain federatedTrustDomain) {
            this.federatedTrustDomain = federatedTrustDomain;
            return this;
        }

        public Builder endpoint(Endpoint endpoint) {
            this.endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /**
         * @throws IllegalArgumentException if there is no endpoint, or an identity is outside both trust domains
         */
        public DevAgentConfig build() {
            return new DevAgentConfig(this);
        }
    }
}
