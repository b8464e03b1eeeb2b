package dev.spiffeboot.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.spiffeboot.security.policy.AuthorizationPolicy;
import dev.spiffeboot.security.policy.PolicyAction;
import dev.spiffeboot.security.policy.PolicyOperation;
import dev.spiffeboot.security.policy.PolicyRule;
import dev.spiffeboot.security.policy.PolicySource;

/**
 * The SPIFFE security filter chain and its request-level authorization policy, with the semantics of Istio's
 * AuthorizationPolicy: DENY rules first; once any ALLOW rule exists, requests no ALLOW rule matches are denied;
 * without ALLOW rules, any authenticated caller is allowed unless {@code default-deny} is set. Requests without a
 * verified identity get nothing unless an ALLOW rule matches them.
 */
@ConfigurationProperties("spiffe.security")
public class SpiffeSecurityProperties {

    /**
     * Whether the SPIFFE security filter chain is installed (it backs off anyway when the application declares its
     * own SecurityFilterChain).
     */
    private boolean enabled = true;

    private final Policy policy = new Policy();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Policy getPolicy() {
        return this.policy;
    }

    /** Request-level authorization rules. */
    public static class Policy {

        /**
         * Deny every request no ALLOW rule matches, even when there are no ALLOW rules (Istio's "allow-nothing").
         */
        private boolean defaultDeny;

        /**
         * The rules, validated at start-up.
         */
        private List<Rule> rules = new ArrayList<>();

        public boolean isDefaultDeny() {
            return this.defaultDeny;
        }

        public void setDefaultDeny(boolean defaultDeny) {
            this.defaultDeny = defaultDeny;
        }

        public List<Rule> getRules() {
            return this.rules;
        }

        public void setRules(List<Rule> rules) {
            this.rules = rules;
        }

        /**
         * The policy these properties describe.
         *
         * @throws IllegalArgumentException naming the rule ({@code spiffe.security.policy.rules[i]}) and the value
         * that is wrong
         */
        public AuthorizationPolicy compile() {
            return AuthorizationPolicy.compile("spiffe.security.policy", this.rules.stream().map(Rule::toPolicyRule).toList(),
                    this.defaultDeny);
        }
    }

    /** One rule: it matches when one of its sources, one of its operations, and everything they set match. */
    public static class Rule {

        /**
         * A name for logs and errors.
         */
        private String name;

        /**
         * ALLOW or DENY.
         */
        private PolicyAction action = PolicyAction.ALLOW;

        /**
         * Who the rule is about; empty matches anyone, also callers without identity.
         */
        private List<Source> from = new ArrayList<>();

        /**
         * What the rule is about; empty matches every request.
         */
        private List<Operation> to = new ArrayList<>();

        public String getName() {
            return this.name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public PolicyAction getAction() {
            return this.action;
        }

        public void setAction(PolicyAction action) {
            this.action = action;
        }

        public List<Source> getFrom() {
            return this.from;
        }

        public void setFrom(List<Source> from) {
            this.from = from;
        }

        public List<Operation> getTo() {
            return this.to;
        }

        public void setTo(List<Operation> to) {
            this.to = to;
        }

        PolicyRule toPolicyRule() {
            return new PolicyRule(this.name, this.action,
                    this.from.stream().map(Source::toPolicySource).toList(), this.to.stream().map(Operation::toPolicyOperation).toList());
        }
    }

    /**
     * Who is calling. Values match exactly, by prefix ({@code abc*}), by suffix ({@code *abc}), or by presence
     * ({@code *}). Every field that is set must match; the {@code not-} forms must not.
     */
    public static class Source {

        /**
         * SPIFFE IDs of the mTLS peer.
         */
        private List<String> principals = new ArrayList<>();

        private List<String> notPrincipals = new ArrayList<>();

        /**
         * Request principals: the SPIFFE ID of a JWT-SVID, or 'iss/sub' of another issuer's token.
         */
        private List<String> requestPrincipals = new ArrayList<>();

        private List<String> notRequestPrincipals = new ArrayList<>();

        /**
         * Trust domains of the caller (the JWT-SVID's, else the mTLS peer's).
         */
        private List<String> trustDomains = new ArrayList<>();

        private List<String> notTrustDomains = new ArrayList<>();

        public List<String> getPrincipals() {
            return this.principals;
        }

        public void setPrincipals(List<String> principals) {
            this.principals = principals;
        }

        public List<String> getNotPrincipals() {
            return this.notPrincipals;
        }

        public void setNotPrincipals(List<String> notPrincipals) {
            this.notPrincipals = notPrincipals;
        }

        public List<String> getRequestPrincipals() {
            return this.requestPrincipals;
        }

        public void setRequestPrincipals(List<String> requestPrincipals) {
            this.requestPrincipals = requestPrincipals;
        }

        public List<String> getNotRequestPrincipals() {
            return this.notRequestPrincipals;
        }

        public void setNotRequestPrincipals(List<String> notRequestPrincipals) {
            this.notRequestPrincipals = notRequestPrincipals;
        }

        public List<String> getTrustDomains() {
            return this.trustDomains;
        }

        public void setTrustDomains(List<String> trustDomains) {
            this.trustDomains = trustDomains;
        }

        public List<String> getNotTrustDomains() {
            return this.notTrustDomains;
        }

        public void setNotTrustDomains(List<String> notTrustDomains) {
            this.notTrustDomains = notTrustDomains;
        }

        PolicySource toPolicySource() {
            return new PolicySource(this.principals, this.notPrincipals, this.requestPrincipals, this.notRequestPrincipals,
                    this.trustDomains, this.notTrustDomains);
        }
    }

    /**
     * What is called. Paths match exactly, by prefix ({@code /api/*}), by suffix ({@code *}{@code /info}) or by
     * presence ({@code *}); methods are HTTP methods.
     */
    public static class Operation {

        private List<String> paths = new ArrayList<>();

        private List<String> notPaths = new ArrayList<>();

        private List<String> methods = new ArrayList<>();

        private List<String> notMethods = new ArrayList<>();

        public List<String> getPaths() {
            return this.paths;
        }

        public void setPaths(List<String> paths) {
            this.paths = paths;
        }

        public List<String> getNotPaths() {
            return this.notPaths;
        }

        public void setNotPaths(List<String> notPaths) {
            this.notPaths = notPaths;
        }

        public List<String> getMethods() {
            return this.methods;
        }

        public void setMethods(List<String> methods) {
            this.methods = methods;
        }

        public List<String> getNotMethods() {
            return this.notMethods;
        }

        public void setNotMethods(List<String> notMethods) {
            this.notMethods = notMethods;
        }

        PolicyOperation toPolicyOperation() {
            return new PolicyOperation(this.paths, this.notPaths, this.methods, this.notMethods);
        }
    }
}
