package dev.spiffeboot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.spiffeid.SpiffeIdPattern;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Which TLS peers are allowed, by SPIFFE ID: a peer is allowed when it matches any of the IDs, patterns or trust
 * domains. With none of them set, members of this workload's own trust domain are allowed. Values are validated
 * when bound, so a malformed ID stops start-up with the property named.
 */
public abstract class PeerAuthorizationProperties {

    /**
     * SPIFFE IDs allowed, e.g. spiffe://example.org/client.
     */
    private List<String> authorizedIds = new ArrayList<>();

    /**
     * SPIFFE ID patterns allowed, e.g. spiffe://example.org/sa/web-* ('*' matches within one path segment, '**' as
     * the last segment matches any depth below).
     */
    private List<String> authorizedPatterns = new ArrayList<>();

    /**
     * Trust domains whose every member is allowed, e.g. example.org.
     */
    private List<String> authorizedTrustDomains = new ArrayList<>();

    public List<String> getAuthorizedIds() {
        return this.authorizedIds;
    }

    public void setAuthorizedIds(List<String> authorizedIds) {
        authorizedIds.forEach(SpiffeId::parse);
        this.authorizedIds = authorizedIds;
    }

    public List<String> getAuthorizedPatterns() {
        return this.authorizedPatterns;
    }

    public void setAuthorizedPatterns(List<String> authorizedPatterns) {
        authorizedPatterns.forEach(SpiffeIdPattern::compile);
        this.authorizedPatterns = authorizedPatterns;
    }

    public List<String> getAuthorizedTrustDomains() {
        return this.authorizedTrustDomains;
    }

    public void setAuthorizedTrustDomains(List<String> authorizedTrustDomains) {
        authorizedTrustDomains.forEach(TrustDomain::parse);
        this.authorizedTrustDomains = authorizedTrustDomains;
    }

    /** The matcher these properties describe; members of {@code ownTrustDomain} when nothing is set. */
    public SpiffeIdMatcher matcher(TrustDomain ownTrustDomain) {
        SpiffeIdMatcher matcher = explicitMatcher();
        return (matcher != null) ? matcher : SpiffeIdMatcher.memberOf(ownTrustDomain);
    }

    /**
     * The authorizer of the IDs, patterns and trust domains set, or {@code null} when none is set (a workload without
     * an X509-SVID knows no trust domain of its own to default to).
     */
    public Authorizer explicitAuthorizer() {
        SpiffeIdMatcher matcher = explicitMatcher();
        return (matcher != null) ? Authorizer.matching(matcher) : null;
    }

    private SpiffeIdMatcher explicitMatcher() {
        SpiffeIdMatcher matcher = null;
        if (!this.authorizedIds.isEmpty()) {
            matcher = SpiffeIdMatcher.oneOf(this.authorizedIds.stream().map(SpiffeId::parse).toList());
        }
        for (String pattern : this.authorizedPatterns) {
            matcher = or(matcher, SpiffeIdPattern.compile(pattern));
        }
        for (String trustDomain : this.authorizedTrustDomains) {
            matcher = or(matcher, SpiffeIdMatcher.memberOf(TrustDomain.parse(trustDomain)));
        }
        return matcher;
    }

    /** The authorizer these properties describe; see {@link #matcher(TrustDomain)}. */
    public Authorizer authorizer(TrustDomain ownTrustDomain) {
        return Authorizer.matching(matcher(ownTrustDomain));
    }

    /** The authorizer these properties describe for the workload of the source (its trust domain by default). */
    public Authorizer authorizer(X509Source source) {
        return authorizer(source.x509Svid().id().trustDomain());
    }

    private static SpiffeIdMatcher or(SpiffeIdMatcher first, SpiffeIdMatcher second) {
        return (first == null) ? second : first.or(second);
    }
}
