package dev.spiffeboot.security.policy;

import java.util.List;
import java.util.Objects;

/**
 * One rule: it matches when one of its sources, one of its operations, and everything they set match; an empty
 * {@code from} matches anyone (callers without identity too), an empty {@code to} every request.
 *
 * @param name a name for logs and errors, or {@code null}
 * @param action what the rule does when it matches
 * @param from who the rule is about
 * @param to what the rule is about
 */
public record PolicyRule(String name, PolicyAction action, List<PolicySource> from, List<PolicyOperation> to) {

    /** A rule; the lists are copied. */
    public PolicyRule {
        Objects.requireNonNull(action, "action");
        from = List.copyOf(from);
        to = List.copyOf(to);
    }
}
