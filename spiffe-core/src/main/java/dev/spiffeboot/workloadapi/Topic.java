package dev.spiffeboot.workloadapi;

import java.util.function.Supplier;

/**
 * One kind of material a source serves, with the health of the stream that delivers it: a source following the
 * stream itself, or a view of another source that already follows it, so that no stream is followed twice.
 *
 * @param <T> the material
 */
interface Topic<T> {

    /** The latest material (empty, never {@code null}, when withdrawn or not received). */
    T current();

    /** The health of the stream behind it. */
    SourceState state();

    static <T> Topic<T> of(Supplier<T> current, Supplier<SourceState> state) {
        return new Topic<>() {

            @Override
            public T current() {
                return current.get();
            }

            @Override
            public SourceState state() {
                return state.get();
            }
        };
    }
}
