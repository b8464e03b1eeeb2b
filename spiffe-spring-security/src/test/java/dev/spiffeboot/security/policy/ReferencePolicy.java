package dev.spiffeboot.security.policy;

import java.util.List;
import java.util.Locale;

/**
 * Istio's AuthorizationPolicy semantics written a second time, as plainly as possible, for the fuzz target to
 * compare {@link AuthorizationPolicy}'s decisions with: DENY rules first, then ALLOW rules if there are any, else
 * the default.
 */
final class ReferencePolicy {

    private ReferencePolicy() {
    }

    static boolean granted(PolicyInput input, PolicyRequest request) {
        for (PolicyRule rule : input.rules()) {
            if (rule.action() == PolicyAction.DENY && matches(rule, request)) {
                return false;
            }
        }
        boolean anyAllowRule = false;
        for (PolicyRule rule : input.rules()) {
            if (rule.action() == PolicyAction.ALLOW) {
                anyAllowRule = true;
                if (matches(rule, request)) {
                    return true;
                }
            }
        }
        if (anyAllowRule) {
            return false;
        }
        return !input.defaultDeny() && (request.peer() != null || request.requestPrincipal() != null);
    }

    private static boolean matches(PolicyRule rule, PolicyRequest request) {
        boolean from = rule.from().isEmpty() || rule.from().stream().anyMatch(source -> matches(source, request));
        boolean to = rule.to().isEmpty() || rule.to().stream().anyMatch(operation -> matches(operation, request));
        return from && to;
    }

    private static boolean matches(PolicySource source, PolicyRequest request) {
        String peer = request.peer() == null ? null : request.peer().toString();
        String trustDomain = request.callerTrustDomain() == null ? null : request.callerTrustDomain().name();
        return field(source.principals(), source.notPrincipals(), peer)
                && field(source.requestPrincipals(), source.notRequestPrincipals(), request.requestPrincipal())
                && field(source.trustDomains(), source.notTrustDomains(), trustDomain);
    }

    private static boolean matches(PolicyOperation operation, PolicyRequest request) {
        return field(operation.paths(), operation.notPaths(), request.path())
                && field(upper(operation.methods()), upper(operation.notMethods()), request.method());
    }

    private static List<String> upper(List<String> methods) {
        return methods.stream().map(method -> method.toUpperCase(Locale.ROOT)).toList();
    }

    private static boolean field(List<String> values, List<String> notValues, String candidate) {
        boolean any = values.isEmpty() || values.stream().anyMatch(value -> matches(value, candidate));
        return any && notValues.stream().noneMatch(value -> matches(value, candidate));
    }

    private static boolean matches(String value, String candidate) {
        if (candidate == null) {
            return false;
        }
        if (value.equals("*")) {
            return true;
        }
        if (value.endsWith("*")) {
            return candidate.startsWith(value.substring(0, value.length() - 1));
        }
        if (value.startsWith("*")) {
            return candidate.endsWith(value.substring(1));
        }
        return candidate.equals(value);
    }
}
