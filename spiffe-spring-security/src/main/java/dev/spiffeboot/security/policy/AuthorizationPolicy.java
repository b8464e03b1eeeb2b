package dev.spiffeboot.security.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.springframework.security.core.Authentication;

import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.security.authorization.ReasonedDecision;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.text.LogSafe;

/**
 * A request-level policy with the semantics of Istio's AuthorizationPolicy: DENY rules first; once any ALLOW rule
 * exists, a request no ALLOW rule matches is denied; without ALLOW rules any authenticated caller is allowed,
 * unless the policy denies by default ("allow-nothing"). Rules are validated once, when compiled, and evaluated
 * without allocating.
 */
public final class AuthorizationPolicy {

    private static final Pattern HTTP_METHOD = Pattern.compile("[A-Z]+");

    private final List<CompiledRule> denyRules;

    private final List<CompiledRule> allowRules;

    private final boolean defaultDeny;

    private AuthorizationPolicy(List<CompiledRule> denyRules, List<CompiledRule> allowRules, boolean defaultDeny) {
        this.denyRules = denyRules;
        this.allowRules = allowRules;
        this.defaultDeny = defaultDeny;
    }

    private static final ReasonedDecision DEFAULT_DENY = new ReasonedDecision(false,
            "denied by default (spiffe.security.policy.default-deny)");

    private static final ReasonedDecision AUTHENTICATED = new ReasonedDecision(true, "authenticated");

    private static final ReasonedDecision NO_IDENTITY = new ReasonedDecision(false, "no verified identity");

    private static final ReasonedDecision NO_ALLOW_RULE = new ReasonedDecision(false, "no ALLOW rule matches");

    /**
     * Compiles rules.
     *
     * @param where what the rules are called in messages, e.g. {@code spiffe.security.policy}
     * @param defaultDeny whether requests no ALLOW rule matches are denied even without ALLOW rules
     * @throws IllegalArgumentException naming the rule and the value that is wrong
     */
    public static AuthorizationPolicy compile(String where, List<PolicyRule> rules, boolean defaultDeny) {
        List<CompiledRule> deny = new ArrayList<>();
        List<CompiledRule> allow = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            PolicyRule rule = rules.get(i);
            String name = where + ".rules[" + i + "]" + (rule.name() != null ? " (" + rule.name() + ")" : "");
            boolean denies = rule.action() == PolicyAction.DENY;
            CompiledRule compiled = CompiledRule.compile(rule, name,
                    new ReasonedDecision(!denies, (denies ? "denied by " : "allowed by ") + name));
            (denies ? deny : allow).add(compiled);
        }
        return new AuthorizationPolicy(List.copyOf(deny), List.copyOf(allow), defaultDeny);
    }

    /** A policy without rules that allows every authenticated caller (and denies callers without identity). */
    public static AuthorizationPolicy authenticatedCallers() {
        return new AuthorizationPolicy(List.of(), List.of(), false);
    }

    /** Whether any rule looks at the request (its peer, path or method) rather than only at whether it is authenticated. */
    public boolean hasRules() {
        return !this.denyRules.isEmpty() || !this.allowRules.isEmpty();
    }

    /**
     * The decision for a request no rule matches, given whether it is authenticated; decisions are shared
     * instances, so deciding allocates nothing.
     */
    public ReasonedDecision withoutRules(boolean authenticated) {
        if (this.defaultDeny) {
            return DEFAULT_DENY;
        }
        return authenticated ? AUTHENTICATED : NO_IDENTITY;
    }

    /**
     * The decision for a request of a caller, for every web stack alike: without rules only whether the caller has a
     * SPIFFE identity counts, and the path is not asked for.
     *
     * @param caller the request's authentication ({@code null}, anonymous or of another kind: no SPIFFE identity)
     * @param method the request method
     * @param path the decoded request path within the application, without path parameters
     */
    public ReasonedDecision decide(Authentication caller, String method, Supplier<String> path) {
        SpiffeAuthentication spiffe = (caller instanceof SpiffeAuthentication authentication) ? authentication : null;
        if (!hasRules()) {
            // nothing looks at the request: skip describing it
            return withoutRules(spiffe != null);
        }
        return evaluate(PolicyRequest.of(spiffe, path.get(), method));
    }

    /** The decision for a request; decisions are shared instances, and why they were made is their reason. */
    public ReasonedDecision evaluate(PolicyRequest request) {
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

        static CompiledRule compile(PolicyRule rule, String name, ReasonedDecision decision) {
            List<CompiledSource> sources = new ArrayList<>();
            for (int i = 0; i < rule.from().size(); i++) {
                sources.add(CompiledSource.compile(rule.from().get(i), name + " from[" + i + "]"));
            }
            List<CompiledOperation> operations = new ArrayList<>();
            for (int i = 0; i < rule.to().size(); i++) {
                operations.add(CompiledOperation.compile(rule.to().get(i), name + " to[" + i + "]"));
            }
            return new CompiledRule(List.copyOf(sources), List.copyOf(operations), decision);
        }

        boolean matches(PolicyRequest request) {
            return (this.sources.isEmpty() || anyMatches(this.sources, request))
                    && (this.operations.isEmpty() || anyMatches(this.operations, request));
        }

        private static boolean anyMatches(List<? extends RequestMatch> candidates, PolicyRequest request) {
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

        boolean matches(PolicyRequest request);
    }

    private record CompiledSource(Field principals, Field requestPrincipals, Field trustDomains) implements RequestMatch {

        static CompiledSource compile(PolicySource source, String where) {
            return new CompiledSource(
                    Field.compile(source.principals(), source.notPrincipals(), where + ".principals",
                            AuthorizationPolicy::checkPrincipal),
                    Field.compile(source.requestPrincipals(), source.notRequestPrincipals(),
                            where + ".request-principals", AuthorizationPolicy::checkNotEmpty),
                    Field.compile(source.trustDomains(), source.notTrustDomains(), where + ".trust-domains",
                            AuthorizationPolicy::checkTrustDomain));
        }

        @Override
        public boolean matches(PolicyRequest request) {
            return this.principals.matches(request.peer() == null ? null : request.peer().toString())
                    && this.requestPrincipals.matches(request.requestPrincipal())
                    && this.trustDomains.matches(request.callerTrustDomain() == null ? null : request.callerTrustDomain().name());
        }
    }

    private record CompiledOperation(Field paths, Field methods) implements RequestMatch {

        static CompiledOperation compile(PolicyOperation operation, String where) {
            return new CompiledOperation(
                    Field.compile(operation.paths(), operation.notPaths(), where + ".paths", AuthorizationPolicy::checkPath),
                    Field.compile(upper(operation.methods()), upper(operation.notMethods()), where + ".methods",
                            AuthorizationPolicy::checkMethod));
        }

        @Override
        public boolean matches(PolicyRequest request) {
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
