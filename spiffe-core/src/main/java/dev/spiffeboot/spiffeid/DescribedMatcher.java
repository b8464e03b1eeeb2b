package dev.spiffeboot.spiffeid;

import java.util.function.Predicate;

/** A matcher that says what it accepts in {@link #toString()}, for error messages. */
final class DescribedMatcher implements SpiffeIdMatcher {

    private final String description;

    private final Predicate<SpiffeId> predicate;

    DescribedMatcher(String description, Predicate<SpiffeId> predicate) {
        this.description = description;
        this.predicate = predicate;
    }

    @Override
    public boolean matches(SpiffeId id) {
        return id != null && this.predicate.test(id);
    }

    @Override
    public String toString() {
        return this.description;
    }
}
