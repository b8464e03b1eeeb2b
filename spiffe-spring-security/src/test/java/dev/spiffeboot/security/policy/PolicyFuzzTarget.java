package dev.spiffeboot.security.policy;

import java.util.ArrayList;
import java.util.List;

import dev.spiffeboot.security.authorization.ReasonedDecision;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.testing.fuzz.FuzzRandom;
import dev.spiffeboot.testing.fuzz.FuzzTarget;
import dev.spiffeboot.testing.fuzz.SpiffeIdFuzzTarget;
import dev.spiffeboot.testing.fuzz.StringFuzzTarget;
import dev.spiffeboot.testing.fuzz.StringMutator;

/**
 * The declarative policy compiler: {@link AuthorizationPolicy#compile} refuses with an
 * {@link IllegalArgumentException} whose message names the rule ({@code fuzz-policy.rules[i] ...}) and nothing
 * else; a compiled policy decides every request without throwing, as {@link ReferencePolicy} does. Rules hold
 * random principals, trust domains, paths and methods, with wildcards where they are allowed and where they are not.
 */
public final class PolicyFuzzTarget implements FuzzTarget<PolicyInput> {

    private static final String WHERE = "fuzz-policy";

    private static final StringMutator MUTATOR = new StringMutator(List.of("*", "**", "spiffe://", "spiffe://example.org",
            "spiffe://example.org/", "/", "/api/", ".json", "GET", "get", "POST", "\u00df", "\u01c5", "\u0131", "\ufb00",
            "example.org", "*.org", " "));

    private static final List<String> PRINCIPALS = List.of("*", "spiffe://example.org/*", "spiffe://example.org/client",
            "*/client", "spiffe://ex*", "spiffe://*", "spiffe://example.org/a/.*", "*client*", "spiffe://example.org/");

    private static final List<String> PATHS = List.of("*", "/", "/api/*", "*.json", "/orders", "/a*b", "api", "*/");

    private static final List<String> METHODS = List.of("*", "GET", "get", "POST", "G*", "*T", "", "PO ST", "\u00df",
            "\u0131", "ge\u0307t");

    @Override
    public String name() {
        return "policy";
    }

    @Override
    public PolicyInput generate(FuzzRandom random) {
        List<PolicyRule> rules = new ArrayList<>();
        for (int i = random.size(6); i > 0; i--) {
            List<PolicySource> from = new ArrayList<>();
            for (int j = random.size(3); j > 0; j--) {
                from.add(new PolicySource(values(random, PRINCIPALS, true), values(random, PRINCIPALS, true),
                        values(random, PRINCIPALS, false), values(random, PRINCIPALS, false),
                        values(random, List.of("example.org", "*.org", "*", "other.org", "Example.org"), false),
                        values(random, List.of("example.org", "*org"), false)));
            }
            List<PolicyOperation> to = new ArrayList<>();
            for (int j = random.size(3); j > 0; j--) {
                to.add(new PolicyOperation(values(random, PATHS, false), values(random, PATHS, false),
                        values(random, METHODS, false), values(random, METHODS, false)));
            }
            String name = random.oneIn(3) ? null : MUTATOR.random(random);
            rules.add(new PolicyRule(name, random.nextBoolean() ? PolicyAction.ALLOW : PolicyAction.DENY, from, to));
        }
        List<PolicyRequest> requests = new ArrayList<>();
        for (int i = 1 + random.size(4); i > 0; i--) {
            SpiffeId peer = random.oneIn(3) ? null : SpiffeId.parse(random.nextBoolean() ? "spiffe://example.org/client"
                    : SpiffeIdFuzzTarget.validId(random));
            String requestPrincipal = random.oneIn(2) ? null : value(random, PRINCIPALS, true);
            TrustDomain trustDomain = random.oneIn(3) ? null
                    : TrustDomain.parse(random.nextBoolean() ? "example.org" : SpiffeIdFuzzTarget.validTrustDomain(random, 12));
            String path = random.oneIn(8) ? null : value(random, PATHS, false);
            String method = random.oneIn(8) ? null : value(random, METHODS, false);
            requests.add(new PolicyRequest(peer, requestPrincipal, trustDomain, path, method));
        }
        return new PolicyInput(random.oneIn(4), rules, requests);
    }

    private static List<String> values(FuzzRandom random, List<String> pool, boolean ids) {
        List<String> values = new ArrayList<>();
        for (int i = random.size(3); i > 0; i--) {
            values.add(value(random, pool, ids));
        }
        return values;
    }

    private static String value(FuzzRandom random, List<String> pool, boolean ids) {
        switch (random.below(5)) {
            case 0:
                return MUTATOR.random(random);
            case 1:
                return MUTATOR.mutate(random, random.pick(pool), pool);
            case 2:
                return ids ? SpiffeIdFuzzTarget.validId(random) : random.pick(pool);
            default:
                return random.pick(pool);
        }
    }

    @Override
    public void run(PolicyInput input) {
        AuthorizationPolicy policy;
        try {
            policy = AuthorizationPolicy.compile(WHERE, input.rules(), input.defaultDeny());
        }
        catch (IllegalArgumentException ex) {
            check(ex.getMessage() != null && ex.getMessage().startsWith(WHERE + ".rules["), "refused without naming the rule: " + ex);
            throw ex;
        }
        check(policy.hasRules() == !input.rules().isEmpty(), "hasRules disagrees with the rules");
        for (PolicyRequest request : input.requests()) {
            ReasonedDecision decision = policy.evaluate(request);
            check(decision != null && decision.reason() != null, "no decision or no reason");
            boolean expected = ReferencePolicy.granted(input, request);
            check(decision.isGranted() == expected, "decided " + decision.isGranted() + " (" + decision.reason() + ") where "
                    + expected + " was due, for " + request);
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    @Override
    public boolean isDocumented(Throwable thrown) {
        return thrown instanceof IllegalArgumentException;
    }

    @Override
    public byte[] encode(PolicyInput input) {
        return input.encode();
    }

    @Override
    public PolicyInput decode(byte[] encoded) {
        return PolicyInput.decode(encoded);
    }

    @Override
    public String describe(PolicyInput input) {
        StringBuilder description = new StringBuilder("defaultDeny=" + input.defaultDeny());
        for (PolicyRule rule : input.rules()) {
            description.append("\n    ").append(StringFuzzTarget.javaLiteral(rule.toString()));
        }
        for (PolicyRequest request : input.requests()) {
            description.append("\n    request ").append(StringFuzzTarget.javaLiteral(request.toString()));
        }
        return description.toString();
    }
}
