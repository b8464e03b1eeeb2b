package dev.spiffeboot.autoconfigure.aot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up refused because the AOT processing saw other SPIFFE settings: which ones, and how to align them. */
class AotBuildSettingsFailureAnalyzer extends AbstractFailureAnalyzer<AotBuildSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AotBuildSettingsException cause) {
        StringBuilder description = new StringBuilder("The application refused to start: it runs from AOT-processed classes "
                + "(spring.aot.enabled=true), and the AOT processing decided which SPIFFE beans it has from settings that "
                + "differ from this run's:");
        cause.differences().forEach(difference -> description.append(System.lineSeparator()).append("    ").append(difference));
        String action = "Give the AOT processing the settings this run has, and build again: spring-boot:process-aot takes "
                + "them as <systemPropertyVariables>, <jvmArguments> or <profiles> (a Workload API address is only read "
                + "there, never connected to, so any unix: address will do). Or start the application without "
                + "-Dspring.aot.enabled=true.";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
