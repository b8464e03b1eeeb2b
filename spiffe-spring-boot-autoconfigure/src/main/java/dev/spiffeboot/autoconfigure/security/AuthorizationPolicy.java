package dev.spiffeboot.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.spiffeboot.autoconfigure.security.SpiffeSecurityProperties.Action;
import dev.spiffeboot.autoconfigure.security.SpiffeSecurityProperties.Operation;
import dev.spiffeboot.autoconfigure.security.SpiffeSecurityProperties.Rule;
import dev.spiffeboot.autoconfigure.security.SpiffeSecurityProperties.Source;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.text.LogSafe;

/**
 * The request-level policy compiled from {@code spiffe.security.policy}: rules validated once, at start-up, and
 * evaluated with Istio's AuthorizationPolicy semantics (see {@link SpiffeSecurityProperties}).
 */
final class AuthorizationPolicy {

    private static final Pattern HTTP_METHOD = Pattern.compile("[A-Z]+");

    private final List<CompiledRule> denyRules;

    private final List<CompiledRule> allowRules;

    private final boolean defaultDeny;

    private AuthorizationPolicy(List<CompiledRule> denyRules, List<CompiledRule> allowRules, boolean defaultDeny) {
        this.denyRules = denyRules;
        this.allowRules = allowRules;
        this.defaultDeny = defaultDeny;
    }

    /** What the policy knows about a request. */
    record Request(SpiffeId peer, String requestPrincipal, TrustDomain callerTrustDomain, String path, String method) {

        boolean authenticated() {
            return this.peer != null || this.requestPrincipal != null;
        }
    }

    private static final ReasonedDecision DEFAULT_DENY = new ReasonedDecision(false,
            "denied by default (spiffe.security.policy.default-deny)");

    private static final ReasonedDecision AUTHENTICATED = new ReasonedDecision(true, "authenticated");

    private static final ReasonedDecision NO_IDENTITY = new ReasonedDecision(false, "no verified identity");

    private static final ReasonedDecision NO_ALLOW_RULE = new ReasonedDecision(false, "no ALLOW rule matches");

    /**
     * Compiles the configured rules.
     *
     * @throws IllegalArgumentException naming the rule and the value that is wrong
     */
    static AuthorizationPolicy compile(SpiffeSecurityProperties.Policy policy) {
        List<CompiledRule> deny = new ArrayList<>();
        List<CompiledRule> allow = new ArrayList<>();
        for (int i = 0; i < policy.getRules().size(); i++) {
            Rule rule = policy.getRules().get(i);
            String name = "spiffe.security.policy.rules[" + i + "]" + (rule.getName() != null ? " (" + rule.getName() + ")" : "");
            boolean denies = rule.getAction() == Action.DENY;
            CompiledRule compiled = CompiledRule.compile(rule, name,
                    new ReasonedDecision(!denies, (denies ? "denied by " : "allowed by ") + name));
            (denies ? deny : allow).add(compiled);
        }
        return new AuthorizationPolicy(List.copyOf(deny), List.copyOf(allow), policy.isDefaultDeny());
    }

    /** Whether any rule looks at the request (its peer, path or method) rather than only at whether it is authenticated. */
    boolean hasRules() {
        return !this.denyRules.isEmpty() || !this.allowRules.isEmpty();
    }

    /**
     * The decision for a request no rule matches, given whether it is authenticated; decisions are shared
     * instances, so deciding allocates nothing.
     */
    ReasonedDecision withoutRules(boolean authenticated) {
        if (this.defaultDeny) {
            return DEFAULT_DENY;
        }
        return authenticated ? AUTHENTICATED : NO_IDENTITY;
    }

    ReasonedDecision evaluate(Request request) {
        for (CompiledRule rule : this.denyRules) {
            if (rule.matches(request)) {
                return rule.decision();
            }
        }
        if (!this.allowRules.isEmpty()) {
            for (CompiledRule rule : this.allowRules) {
                if (rule.matches(request)) {
                    return rule.decision();
                }
            }
            return NO_ALLOW_RULE;
        }
        return withoutRules(request.authenticated());
    }

    private record CompiledRule(List<CompiledSource> sources, List<CompiledOperation> operations, ReasonedDecision decision) {

        static CompiledRule compile(Rule rule, String name, ReasonedDecision decision) {
            List<CompiledSource> sources = new ArrayList<>();
            for (int i = 0; i < rule.getFrom().size(); i++) {
                sources.add(CompiledSource.compile(rule.getFrom().get(i), name + " from[" + i + "]"));
            }
            List<CompiledOperation> operations = new ArrayList<>();
            for (int i = 0; i < rule.getTo().size(); i++) {
                operations.add(CompiledOperation.compile(rule.getTo().get(i), name + " to[" + i + "]"));
            }
            return new CompiledRule(List.copyOf(sources), List.copyOf(operations), decision);
        }

        boolean matches(Request request) {
            return (this.sources.isEmpty() || anyMatches(this.sources, request))
                    && (this.operations.isEmpty() || anyMatches(this.operations, request));
        }

        private static boolean anyMatches(List<? extends RequestMatch> candidates, Request request) {
            for (RequestMatch candidate : candidates) {
                if (candidate.matches(request)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A {@code from} or {@code to} entry of a rule. */
    private interface RequestMatch {

        boolean matches(Request request);
    }

    private record CompiledSource(Field principals, Field requestPrincipals, Field trustDomains) implements RequestMatch {

        static CompiledSource compile(Source source, String where) {
            return new CompiledSource(
                    Field.compile(source.getPrincipals(), source.getNotPrincipals(), where + ".principals",
                            AuthorizationPolicy::checkPrincipal),
                    Field.compile(source.getRequestPrincipals(), source.getNotRequestPrincipals(),
                            where + ".request-principals", AuthorizationPolicy::checkNotEmpty),
                    Field.compile(source.getTrustDomains(), source.getNotTrustDomains(), where + ".trust-domains",
                            AuthorizationPolicy::checkTrustDomain));
        }

        @Override
        public boolean matches(Request request) {
            return this.principals.matches(request.peer() == null ? null : request.peer().toString())
                    && this.requestPrincipals.matches(request.requestPrincipal())
                    && this.trustDomains.matches(request.callerTrustDomain() == null ? null : request.callerTrustDomain().name());
        }
    }

    private record CompiledOperation(Field paths, Field methods) implements RequestMatch {

        static CompiledOperation compile(Operation operation, String where) {
            return new CompiledOperation(
                    Field.compile(operation.getPaths(), operation.getNotPaths(), where + ".paths", AuthorizationPolicy::checkPath),
                    Field.compile(upper(operation.getMethods()), upper(operation.getNotMethods()), where + ".methods",
                            AuthorizationPolicy::checkMethod));
        }

        @Override
        public boolean matches(Request request) {
            return this.paths.matches(request.path()) && this.methods.matches(request.method());
        }

        private static List<String> upper(List<String> methods) {
            return methods.stream().map(method -> method.toUpperCase(Locale.ROOT)).toList();
        }
    }

    /**
     * A field and its {@code not-} form: set values must match one, {@code not-} values none (an absent value
     * matches no set value and passes every {@code not-} value).
     */
    private record Field(List<ValueMatcher> values, List<ValueMatcher> notValues) {

        static Field compile(List<String> values, List<String> notValues, String where, Consumer<ValueMatcher> check) {
            return new Field(matchers(values, where, check), matchers(notValues, where.replaceFirst("\\.([a-z-]+)$", ".not-$1"), check));
        }

        private static List<ValueMatcher> matchers(List<String> values, String where, Consumer<ValueMatcher> check) {
            List<ValueMatcher> matchers = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                String value = values.get(i);
                try {
                    ValueMatcher matcher = ValueMatcher.of(value);
                    check.accept(matcher);
                    matchers.add(matcher);
                }
                catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(where + "[" + i + "] " + LogSafe.quote(value) + ": " + ex.getMessage(), ex);
                }
            }
            return List.copyOf(matchers);
        }

        boolean matches(String candidate) {
            return (this.values.isEmpty() || anyMatches(this.values, candidate)) && !anyMatches(this.notValues, candidate);
        }

        private static boolean anyMatches(List<ValueMatcher> matchers, String candidate) {
            for (ValueMatcher matcher : matchers) {
                if (matcher.matches(candidate)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An exact ID must parse; the literal part of a prefix must start a valid ID. */
    private static void checkPrincipal(ValueMatcher matcher) {
        switch (matcher.form()) {
            case EXACT -> SpiffeId.parse(matcher.value());
            case PREFIX -> SpiffeId.parse(matcher.value() + (matcher.value().endsWith("/") ? "x" : ""));
            default -> { }
        }
    }

    private static void checkTrustDomain(ValueMatcher matcher) {
        if (matcher.form() == ValueMatcher.Form.EXACT) {
            TrustDomain.parse(matcher.value());
        }
    }

    private static void checkNotEmpty(ValueMatcher matcher) {
        if (matcher.form() != ValueMatcher.Form.ANY && matcher.value().isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
    }

    private static void checkPath(ValueMatcher matcher) {
        if ((matcher.form() == ValueMatcher.Form.EXACT || matcher.form() == ValueMatcher.Form.PREFIX)
                && !matcher.value().startsWith("/")) {
            throw new IllegalArgumentException("a path starts with '/' (or use '*', 'prefix*' or '*suffix')");
        }
    }

    private static void checkMethod(ValueMatcher matcher) {
        if (matcher.form() != ValueMatcher.Form.ANY && !HTTP_METHOD.matcher(matcher.value()).matches()) {
            throw new IllegalArgumentException("not an HTTP method");
        }
    }

}
