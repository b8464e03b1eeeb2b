package dev.spiffeboot.autoconfigure.aot;

import java.util.List;

/**
 * Start-up refused: the application runs from AOT processing done with other SPIFFE settings than this run's, so its
 * SPIFFE beans are not those the settings ask for.
 */
final class AotBuildSettingsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final List<String> differences;

    AotBuildSettingsException(List<String> differences) {
        super("the application runs from AOT-processed classes (spring.aot.enabled=true), whose SPIFFE beans were "
                + "fixed by settings that differ from this run's: " + String.join("; ", differences));
        this.differences = List.copyOf(differences);
    }

    /** Each setting that differs, with its value when processed and now. */
    List<String> differences() {
        return this.differences;
    }
}
