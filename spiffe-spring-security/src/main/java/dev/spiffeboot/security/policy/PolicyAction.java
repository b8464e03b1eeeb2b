package dev.spiffeboot.security.policy;

/** What a rule does when it matches. */
public enum PolicyAction {

    /** Allow the request. */
    ALLOW,

    /** Deny the request, whatever the ALLOW rules say. */
    DENY
}
