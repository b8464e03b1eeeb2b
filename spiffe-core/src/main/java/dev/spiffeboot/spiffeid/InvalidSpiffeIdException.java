package dev.spiffeboot.spiffeid;

import dev.spiffeboot.text.LogSafe;

/**
 * Thrown when a string is not a valid SPIFFE ID, trust domain name, path or ID pattern.
 * <p>
 * The message names the rule of the SPIFFE-ID standard that failed and quotes the (escaped, truncated) input, e.g.
 * {@code invalid SPIFFE ID "spiffe://example.org/a//b": path cannot contain empty segments}. {@link #rule()} gives
 * the same rule in a form that code can switch on.
 */
public class InvalidSpiffeIdException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The rule of the SPIFFE-ID standard (section 2) that the input broke. */
    public enum Rule {
        /** The input is empty. */
        EMPTY("cannot be empty"),
        /** The input does not start with the lower-case {@code spiffe://} scheme and authority separator. */
        SCHEME("scheme must be \"spiffe\" followed by \"://\" (lower case)"),
        /** {@code spiffe://} is followed by nothing or directly by the path. */
        MISSING_TRUST_DOMAIN("trust domain is missing"),
        /** The trust domain holds an upper-case letter. */
        TRUST_DOMAIN_CASE("trust domain must be lower case"),
        /** The trust domain holds a character outside {@code [a-z0-9.-_]}. */
        TRUST_DOMAIN_CHARACTERS("trust domain characters are limited to lower-case letters, numbers, dots, dashes and underscores"),
        /** The authority holds a userinfo part ({@code user@}). */
        USERINFO("userinfo is not allowed in the authority"),
        /** The authority holds a port ({@code :8443}). */
        PORT("port is not allowed in the authority"),
        /** A percent-encoded character appears anywhere. */
        PERCENT_ENCODING("percent-encoded characters are not allowed"),
        /** A query component ({@code ?...}) appears. */
        QUERY("query is not allowed"),
        /** A fragment component ({@code #...}) appears. */
        FRAGMENT("fragment is not allowed"),
        /** A path segment holds a character outside {@code [a-zA-Z0-9.-_]}. */
        PATH_CHARACTERS("path segment characters are limited to letters, numbers, dots, dashes and underscores"),
        /** The path holds an empty segment ({@code //}). */
        EMPTY_SEGMENT("path cannot contain empty segments"),
        /** The path holds a {@code .} or {@code ..} segment. */
        DOT_SEGMENT("path cannot contain dot segments"),
        /** The path ends with {@code /}. */
        TRAILING_SLASH("path cannot have a trailing slash"),
        /** A non-empty path does not start with {@code /}. */
        NO_LEADING_SLASH("path must start with a slash"),
        /** A path segment given on its own holds a {@code /}. */
        SLASH_IN_SEGMENT("path segment cannot contain a slash"),
        /** The whole ID is longer than 2048 bytes. */
        TOO_LONG("SPIFFE ID is longer than " + SpiffeId.MAX_LENGTH + " bytes"),
        /** The trust domain name is longer than 255 bytes. */
        TRUST_DOMAIN_TOO_LONG("trust domain is longer than " + TrustDomain.MAX_LENGTH + " bytes"),
        /** An ID pattern uses a wildcard where it is not allowed. */
        PATTERN_WILDCARD("\"**\" may only be the last path segment of a pattern and the trust domain cannot hold a wildcard");

        private final String description;

        Rule(String description) {
            this.description = description;
        }

        /** A sentence naming the rule, as used in exception messages. */
        public String description() {
            return this.description;
        }
    }

    private final Rule rule;

    InvalidSpiffeIdException(String what, String input, Rule rule) {
        super("invalid " + what + " " + LogSafe.quote(input) + ": " + rule.description());
        this.rule = rule;
    }

    /** The rule that the input broke. */
    public Rule rule() {
        return this.rule;
    }
}
