package dev.spiffeboot.devagent;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.devagent.grpc.JWTBundlesResponse;
import dev.spiffeboot.devagent.grpc.JWTSVID;
import dev.spiffeboot.devagent.grpc.ValidateJWTSVIDResponse;
import dev.spiffeboot.devagent.grpc.X509BundlesResponse;
import dev.spiffeboot.devagent.grpc.X509SVID;
import dev.spiffeboot.devagent.grpc.X509SVIDResponse;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;
import dev.spiffeboot.svid.x509.X509Svid;

/**
 * Everything the agent serves, independent of sockets: the authorities of its trust domains, the current X509-SVID
 * of every configured identity, and the listeners (open streams) to tell when any of it changes. SVIDs are
 * re-issued when 40 % of their lifetime has passed, and on demand.
 */
final class AgentState implements AutoCloseable {

    /** SVIDs are re-issued when this fraction of their lifetime has passed, before half-life as SPIFFE agents do. */
    static final double ROTATE_AT = 0.4;

    private static final Logger logger = LoggerFactory.getLogger(AgentState.class);

    private final DevAgentConfig config;

    private final Clock clock;

    private final ScheduledExecutorService scheduler;

    private final Map<TrustDomain, TrustDomainAuthority> authorities = new LinkedHashMap<>();

    private final List<Identity> identities = new ArrayList<>();

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    private volatile boolean outage;

    private volatile Map<Identity, X509Svid> svids = Map.of();

    private ScheduledFuture<?> nextRotation;

    AgentState(DevAgentConfig config, Clock clock, ScheduledExecutorService scheduler) throws IOException {
        this.config = config;
        this.clock = clock;
        this.scheduler = scheduler;
        this.authorities.put(config.trustDomain(), TrustDomainAuthority.open(config.caDirectory(), config.trustDomain(), clock));
        if (config.federatedTrustDomain().isPresent()) {
            TrustDomain federated = config.federatedTrustDomain().get();
            this.authorities.put(federated, TrustDomainAuthority.open(config.caDirectory(), federated, clock));
        }
        for (Endpoint endpoint : config.endpoints()) {
            for (Identity identity : endpoint.identities()) {
                if (!this.identities.contains(identity)) {
                    this.identities.add(identity);
                }
            }
        }
        rotateX509();
    }

    /** Re-issues every X509-SVID now and tells the open streams. */
    synchronized void rotateX509() {
        Map<Identity, X509Svid> issued = new LinkedHashMap<>();
        for (Identity identity : this.identities) {
            issued.put(identity, authority(identity).ca().issue(identity.spiffeId(), this.config.x509SvidTtl(), identity.hint()));
        }
        replaceSvids(issued);
        scheduleRotation(Duration.ofMillis((long) (this.config.x509SvidTtl().toMillis() * ROTATE_AT)));
    }

    /** Replaces every X509-SVID with one that has already expired (for tests), and tells the open streams. */
    synchronized void expireX509() {
        Map<Identity, X509Svid> expired = new LinkedHashMap<>();
        for (Identity identity : this.identities) {
            expired.put(identity, authority(identity).ca().issueExpired(identity.spiffeId(), identity.hint()));
        }
        replaceSvids(expired);
    }

    /** Adds a new JWT signing key to the main trust domain, and tells the open streams. Returns its key ID. */
    String rolloverJwtKey() throws IOException {
        String keyId = this.authorities.get(this.config.trustDomain()).jwt().rollover();
        logger.info("Dev agent rolled the JWT key of {} over to {}", this.config.trustDomain(), keyId);
        changed(Topic.JWT_BUNDLES);
        return keyId;
    }

    private void replaceSvids(Map<Identity, X509Svid> issued) {
        this.svids = Map.copyOf(issued);
        logger.debug("Dev agent issued X509-SVIDs for {}", issued.keySet().stream().map(Identity::spiffeId).toList());
        changed(Topic.X509_SVIDS);
    }

    private void scheduleRotation(Duration delay) {
        if (this.nextRotation != null) {
            this.nextRotation.cancel(false);
        }
        this.nextRotation = this.scheduler.schedule(this::rotateX509, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Tells the streams of the topic (only those: the others' messages did not change). */
    private void changed(Topic topic) {
        for (Subscription subscription : this.subscriptions) {
            if (subscription.topic() == topic) {
                subscription.push();
            }
        }
    }

    /** What a stream carries. The X.509 bundles never change while the agent runs (its CAs are fixed). */
    enum Topic {
        X509_SVIDS, X509_BUNDLES, JWT_BUNDLES
    }

    /** An open stream: told to send a fresh message when its topic changes, or to fail when an outage starts. */
    interface Subscription {

        Topic topic();

        void push();

        void fail(io.grpc.Status status);
    }

    void subscribe(Subscription subscription) {
        this.subscriptions.add(subscription);
    }

    void unsubscribe(Subscription subscription) {
        this.subscriptions.remove(subscription);
    }

    /**
     * Starts or ends a simulated outage: while it lasts, open streams fail and new calls are answered with
     * {@code UNAVAILABLE}.
     */
    void outage(boolean active) {
        this.outage = active;
        if (active) {
            for (Subscription subscription : this.subscriptions) {
                subscription.fail(io.grpc.Status.UNAVAILABLE.withDescription("dev agent outage (on demand)"));
            }
        }
    }

    boolean inOutage() {
        return this.outage;
    }

    private TrustDomainAuthority authority(Identity identity) {
        return this.authorities.get(identity.spiffeId().trustDomain());
    }

    /** The current X509-SVIDs of the identities, with the bundle of each one's trust domain and the others. */
    X509SVIDResponse x509Response(List<Identity> granted) {
        Map<Identity, X509Svid> current = this.svids;
        X509SVIDResponse.Builder response = X509SVIDResponse.newBuilder();
        TrustDomain own = granted.get(0).spiffeId().trustDomain();
        for (Identity identity : granted) {
            X509Svid svid = current.get(identity);
            response.addSvids(X509SVID.newBuilder()
                .setSpiffeId(svid.id().toString())
                .setX509Svid(ByteString.copyFrom(svid.chainDer()))
                .setX509SvidKey(ByteString.copyFrom(svid.privateKey().getEncoded()))
                .setBundle(ByteString.copyFrom(authority(identity).ca().bundle().toDer()))
                .setHint(identity.hint()));
        }
        for (TrustDomainAuthority authority : this.authorities.values()) {
            if (!authority.trustDomain().equals(own)) {
                response.putFederatedBundles(authority.trustDomain().id().toString(),
                        ByteString.copyFrom(authority.ca().bundle().toDer()));
            }
        }
        return response.build();
    }

    X509BundlesResponse x509BundlesResponse() {
        X509BundlesResponse.Builder response = X509BundlesResponse.newBuilder();
        for (TrustDomainAuthority authority : this.authorities.values()) {
            response.putBundles(authority.trustDomain().id().toString(), ByteString.copyFrom(authority.ca().bundle().toDer()));
        }
        return response.build();
    }

    JWTBundlesResponse jwtBundlesResponse() {
        JWTBundlesResponse.Builder response = JWTBundlesResponse.newBuilder();
        for (TrustDomainAuthority authority : this.authorities.values()) {
            response.putBundles(authority.trustDomain().id().toString(),
                    ByteString.copyFromUtf8(authority.jwt().bundle().toJwks()));
        }
        return response.build();
    }

    List<JWTSVID> jwtSvids(List<Identity> granted, List<String> audiences) {
        List<JWTSVID> tokens = new ArrayList<>();
        for (Identity identity : granted) {
            String token = identity.expiredJwtSvids()
                    ? authority(identity).jwt().signExpired(identity.spiffeId(), audiences, this.config.jwtSvidTtl())
                    : authority(identity).jwt().sign(identity.spiffeId(), audiences, this.config.jwtSvidTtl());
            tokens.add(JWTSVID.newBuilder().setSpiffeId(identity.spiffeId().toString()).setSvid(token).setHint(identity.hint()).build());
        }
        return tokens;
    }

    /** Validates a JWT-SVID against the JWT bundles of every trust domain of the agent. */
    ValidateJWTSVIDResponse validate(String token, String audience) throws InvalidJwtSvidException {
        List<JwtBundle> bundles = this.authorities.values().stream().map(authority -> authority.jwt().bundle()).toList();
        JwtSvid svid = JwtSvidValidator.builder(JwtBundleSet.of(bundles)).clock(this.clock).build()
            .validate(token, audience);
        Struct.Builder claims = Struct.newBuilder();
        svid.claims().forEach((name, value) -> claims.putFields(name, toValue(value)));
        return ValidateJWTSVIDResponse.newBuilder().setSpiffeId(svid.id().toString()).setClaims(claims).build();
    }

    private static Value toValue(Object claim) {
        if (claim instanceof String) {
            return Value.newBuilder().setStringValue((String) claim).build();
        }
        if (claim instanceof Number) {
            return Value.newBuilder().setNumberValue(((Number) claim).doubleValue()).build();
        }
        if (claim instanceof java.util.Date) {
            return Value.newBuilder().setNumberValue(((java.util.Date) claim).toInstant().getEpochSecond()).build();
        }
        if (claim instanceof Boolean) {
            return Value.newBuilder().setBoolValue((Boolean) claim).build();
        }
        if (claim instanceof List) {
            ListValue.Builder list = ListValue.newBuilder();
            ((List<?>) claim).forEach(item -> list.addValues(toValue(item)));
            return Value.newBuilder().setListValue(list).build();
        }
        if (claim instanceof Map) {
            Struct.Builder struct = Struct.newBuilder();
            ((Map<?, ?>) claim).forEach((key, value) -> struct.putFields(String.valueOf(key), toValue(value)));
            return Value.newBuilder().setStructValue(struct).build();
        }
        return Value.newBuilder().setStringValue(String.valueOf(claim)).build();
    }

    /** Issues an X509-SVID for any ID of the agent's trust domains, valid for the configured TTL; no stream is told. */
    X509Svid mintX509Svid(SpiffeId id) {
        return authorityOf(id).ca().issue(id, this.config.x509SvidTtl(), "");
    }

    /** Signs a JWT-SVID for any ID of the agent's trust domains with the current key, valid for the configured TTL. */
    String mintJwtSvid(SpiffeId id, List<String> audiences) {
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("a JWT-SVID needs at least one audience");
        }
        return authorityOf(id).jwt().sign(id, audiences, this.config.jwtSvidTtl());
    }

    private TrustDomainAuthority authorityOf(SpiffeId id) {
        TrustDomainAuthority authority = this.authorities.get(id.trustDomain());
        if (authority == null) {
            throw new IllegalArgumentException(id + " is in none of the trust domains of this agent " + this.authorities.keySet());
        }
        return authority;
    }

    X509Svid currentSvid(Identity identity) {
        return this.svids.get(identity);
    }

    @Override
    public synchronized void close() {
        if (this.nextRotation != null) {
            this.nextRotation.cancel(false);
        }
        this.subscriptions.clear();
    }
}
