package dev.spiffeboot.workloadapi;

/**
 * Receives the updates of a Workload API stream. Callbacks run on the client's own thread: keep them short.
 *
 * @param <T> the update type
 */
public interface Watcher<T> {

    /** A complete, validated update (the standard sends the full state in every message). */
    void onUpdate(T update);

    /**
     * The stream failed or sent an invalid message. {@link WorkloadApiException#isRetrying()} says whether the
     * client will reconnect after a backoff; if not, the watch has ended.
     */
    default void onError(WorkloadApiException error) {
    }
}
