package dev.spiffeboot.autoconfigure.security;

import org.springframework.security.authorization.AuthorizationDecision;

/** An authorization decision that says why, for the log line of a refusal (never for the response). */
final class ReasonedDecision extends AuthorizationDecision {

    private static final long serialVersionUID = 1L;

    private final String reason;

    ReasonedDecision(boolean granted, String reason) {
        super(granted);
        this.reason = reason;
    }

    String reason() {
        return this.reason;
    }

    @Override
    public String toString() {
        return "ReasonedDecision[granted=" + isGranted() + ", reason=" + this.reason + "]";
    }
}
