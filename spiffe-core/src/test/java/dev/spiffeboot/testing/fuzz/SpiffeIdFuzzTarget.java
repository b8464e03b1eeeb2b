package dev.spiffeboot.testing.fuzz;

import java.util.List;
import java.util.regex.Pattern;

import dev.spiffeboot.spiffeid.InvalidSpiffeIdException;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdPattern;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * {@link SpiffeId#parse}, {@link TrustDomain#parse} and {@link SpiffeIdPattern#compile}: each refuses with
 * {@link InvalidSpiffeIdException} only, and accepts exactly what the SPIFFE-ID standard's grammar (written here
 * again as a regular expression) allows; what it accepts round-trips through every other factory.
 */
public final class SpiffeIdFuzzTarget extends StringFuzzTarget {

    private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]{1,255}");

    private static final Pattern ID = Pattern.compile("spiffe://[a-z0-9._-]{1,255}(/[a-zA-Z0-9._-]+)*");

    static final StringMutator MUTATOR = new StringMutator(List.of("spiffe://", "spiffe:", "SPIFFE://",
            "spiffe:///", "example.org", "user@", ":8443", "/.", "/..", "/./", "/*", "/**", "*", "**", "%2e", "[::1]"));

    private static final List<String> SEEDS = List.of("spiffe://example.org", "spiffe://example.org/ns/prod/sa/web",
            "spiffe://td-1.example_org/a/b.c/D-E_F", "example.org", "spiffe://example.org/ns/*/sa/web",
            "spiffe://example.org/sa/web-*", "spiffe://example.org/ns/prod/**", "spiffe://a/b");

    @Override
    public String name() {
        return "spiffe-id";
    }

    @Override
    public String generate(FuzzRandom random) {
        switch (random.below(10)) {
            case 0:
                return validId(random);
            case 1:
                return validTrustDomain(random, 40);
            case 2:
            case 3:
                return MUTATOR.random(random);
            default:
                String base = random.nextBoolean() ? validId(random) : random.pick(SEEDS);
                return MUTATOR.mutate(random, base, SEEDS);
        }
    }

    /** A valid SPIFFE ID: a random trust domain and zero to a few random segments. */
    public static String validId(FuzzRandom random) {
        StringBuilder id = new StringBuilder("spiffe://").append(validTrustDomain(random, 30));
        for (int i = random.size(6); i > 0; i--) {
            id.append('/').append(validSegment(random));
        }
        return id.toString();
    }

    /** A valid trust domain name of at most {@code maxLength} characters. */
    public static String validTrustDomain(FuzzRandom random, int maxLength) {
        return randomOf(random, "abcdefghijklmnopqrstuvwxyz0123456789.-_", 1 + random.size(maxLength - 1));
    }

    static String validSegment(FuzzRandom random) {
        String segment = randomOf(random, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_", 1 + random.size(11));
        return (segment.equals(".") || segment.equals("..")) ? segment + "x" : segment;
    }

    private static String randomOf(FuzzRandom random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.below(alphabet.length())));
        }
        return text.toString();
    }

    @Override
    public void run(String input) {
        InvalidSpiffeIdException refusal = null;
        boolean accepted = false;
        try {
            checkId(input, SpiffeId.parse(input));
            accepted = true;
        }
        catch (InvalidSpiffeIdException ex) {
            Checks.check(!isValidId(input), "SpiffeId.parse refused a valid SPIFFE ID: " + ex.getMessage());
            refusal = ex;
        }
        try {
            checkTrustDomain(input, TrustDomain.parse(input));
            accepted = true;
        }
        catch (InvalidSpiffeIdException ex) {
            Checks.check(!TRUST_DOMAIN.matcher(input).matches(), "TrustDomain.parse refused a valid name: " + ex.getMessage());
            refusal = ex;
        }
        SpiffeIdPattern pattern = null;
        try {
            pattern = SpiffeIdPattern.compile(input);
            accepted = true;
        }
        catch (InvalidSpiffeIdException ex) {
            Checks.check(!isValidId(input), "SpiffeIdPattern.compile refused a valid SPIFFE ID: " + ex.getMessage());
            refusal = ex;
        }
        if (pattern != null) {
            // '*' matches any run of segment characters, so an 'x' in its place must match
            String example = input.replace('*', 'x');
            Checks.check(isValidId(example) && pattern.matches(SpiffeId.parse(example)), "the pattern does not match " + example);
        }
        if (!accepted) {
            throw refusal;
        }
    }

    private static void checkId(String input, SpiffeId id) {
        Checks.check(isValidId(input), "SpiffeId.parse accepted an invalid SPIFFE ID");
        Checks.check(id.toString().equals(input), "the ID reads back as " + id);
        Checks.check(SpiffeId.parse(id.toString()).equals(id), "the ID does not parse back to itself");
        Checks.check(SpiffeId.fromPath(id.trustDomain(), id.path()).equals(id), "fromPath gives another ID");
        Checks.check(SpiffeId.of(id.trustDomain(), id.segments().toArray(new String[0])).equals(id), "of(segments) gives another ID");
        Checks.check(id.toUri().toString().equals(input), "the URI differs");
        Checks.check(TrustDomain.parse(id.trustDomain().name()).equals(id.trustDomain()), "the trust domain does not parse back");
        Checks.check(id.hasPath() == !id.path().isEmpty(), "hasPath disagrees with path");
    }

    private static void checkTrustDomain(String input, TrustDomain trustDomain) {
        if (input.contains(":/")) {
            Checks.check(SpiffeId.parse(input).trustDomain().equals(trustDomain), "the trust domain of an ID differs");
        }
        else {
            Checks.check(TRUST_DOMAIN.matcher(input).matches(), "TrustDomain.parse accepted an invalid name");
            Checks.check(trustDomain.name().equals(input), "the name reads back as " + trustDomain);
        }
    }

    /** The SPIFFE-ID grammar (section 2), written independently of the parser. */
    static boolean isValidId(String input) {
        if (input.length() > SpiffeId.MAX_LENGTH || !ID.matcher(input).matches()) {
            return false;
        }
        int pathStart = input.indexOf('/', "spiffe://".length());
        String path = (pathStart < 0) ? "" : input.substring(pathStart) + "/";
        return !path.contains("/./") && !path.contains("/../");
    }


    @Override
    public boolean isDocumented(Throwable thrown) {
        return thrown instanceof InvalidSpiffeIdException;
    }
}
