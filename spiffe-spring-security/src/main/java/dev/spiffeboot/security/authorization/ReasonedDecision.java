package dev.spiffeboot.security.authorization;

import org.springframework.security.authorization.AuthorizationDecision;

/**
 * An authorization decision that says why, for the log line of a refusal (never for the response: it would
 * describe the policy to the caller).
 */
public final class ReasonedDecision extends AuthorizationDecision {

    private static final long serialVersionUID = 1L;

    private final String reason;

    /** A decision with its reason. */
    public ReasonedDecision(boolean granted, String reason) {
        super(granted);
        this.reason = reason;
    }

    /** Why the decision was made, e.g. {@code denied by spiffe.security.policy.rules[0] (no-legacy)}. */
    public String reason() {
        return this.reason;
    }

    @Override
    public String toString() {
        return "ReasonedDecision[granted=" + isGranted() + ", reason=" + this.reason + "]";
    }
}
