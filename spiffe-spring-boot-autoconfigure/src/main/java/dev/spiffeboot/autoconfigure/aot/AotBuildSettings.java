package dev.spiffeboot.autoconfigure.aot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The settings the starter's auto-configurations are conditional on, compared between the AOT processing of an
 * application and its run. AOT processing ({@code spring-boot:process-aot}) evaluates the conditions once, with the
 * build's environment, and so fixes which SPIFFE beans the application has. Run from that processing
 * ({@code -Dspring.aot.enabled=true}) with other such settings, it would lack what it asks for (built without a
 * Workload API address, it would have no SPIFFE configuration at all, and then no SPIFFE TLS or authentication) or
 * keep what it turned off. It refuses to start instead, with an {@code AotBuildSettingsException}.
 * <p>
 * {@link SpiffeAotProcessor} records the build's values in the generated initializer, which calls
 * {@link #verify(Environment, String...)} before the context is refreshed.
 */
public final class AotBuildSettings {

    private static final String WORKLOAD_API_ADDRESS = "spiffe.workload-api.address";

    private static final String ENDPOINT_SOCKET = "SPIFFE_ENDPOINT_SOCKET";

    private static final String RESOURCE_METADATA = "spiffe.security.resource-metadata";

    /** Each setting, in the form its conditions read it; the names are those the failure analysis shows. */
    private static final List<Setting> SETTINGS = List.of(
            flag("spiffe.enabled", true),
            new Setting(WORKLOAD_API_ADDRESS + " or " + ENDPOINT_SOCKET, AotBuildSettings::workloadApiAddress),
            flag("spiffe.workload-api.fetch-x509-svid", true),
            flag("spiffe.server.enabled", false),
            flag("spiffe.security.enabled", true),
            flag("spiffe.security.token-endpoint.enabled", false),
            listed("spiffe.jwt.client-metadata.allowed-issuers"),
            new Setting(RESOURCE_METADATA, AotBuildSettings::resourceMetadata),
            new Setting("spiffe.client-metadata.client-id", environment -> set(environment.getProperty("spiffe.client-metadata.client-id"))),
            new Setting("spiffe.grpc.server.enabled", environment -> bool(environment.getProperty("spiffe.grpc.server.enabled"), "not set")),
            flag("spring.grpc.server.enabled", true),
            flag("spiffe.authorization-server.jwt-svid-client-authentication.enabled", true),
            listed("spiffe.authorization-server.client-metadata.allowed-clients"));

    private AotBuildSettings() {
    }

    /**
     * The settings as the conditions see them in this environment, each as {@code name=value}: what the AOT
     * processing records.
     */
    public static List<String> read(Environment environment) {
        return SETTINGS.stream().map(setting -> setting.name() + "=" + setting.value().apply(environment)).toList();
    }

    /**
     * Refuses to go on when a setting recorded at build time reads differently in this environment.
     *
     * @param environment the environment of this run
     * @param recorded the settings {@link #read(Environment)} read at build time
     * @throws AotBuildSettingsException naming each setting that differs
     */
    public static void verify(Environment environment, String... recorded) {
        Map<String, String> now = read(environment).stream().collect(Collectors.toMap(AotBuildSettings::name, AotBuildSettings::value));
        List<String> differences = new ArrayList<>();
        for (String setting : recorded) {
            String name = name(setting);
            String current = now.get(name);
            if (current != null && !current.equals(value(setting))) {
                differences.add(name + ": " + value(setting) + " when processed, " + current + " now");
            }
        }
        if (!differences.isEmpty()) {
            throw new AotBuildSettingsException(differences);
        }
    }

    private static String name(String setting) {
        return setting.substring(0, setting.lastIndexOf('='));
    }

    private static String value(String setting) {
        return setting.substring(setting.lastIndexOf('=') + 1);
    }

    private static Setting flag(String property, boolean byDefault) {
        return new Setting(property, environment -> bool(environment.getProperty(property), String.valueOf(byDefault)));
    }

    private static Setting listed(String property) {
        return new Setting(property, environment -> list(environment, property).isEmpty() ? "empty" : "listed");
    }

    private static String workloadApiAddress(Environment environment) {
        boolean set = hasText(environment.getProperty(WORKLOAD_API_ADDRESS)) || hasText(environment.getProperty(ENDPOINT_SOCKET));
        return set ? "set" : "not set";
    }

    /** On when {@code enabled} says so, or, unset, when it lists authorization servers. */
    private static String resourceMetadata(Environment environment) {
        String enabled = bool(environment.getProperty(RESOURCE_METADATA + ".enabled"), null);
        if (enabled != null) {
            return "enabled=" + enabled;
        }
        return list(environment, RESOURCE_METADATA + ".authorization-servers").isEmpty() ? "off" : "on";
    }

    private static List<String> list(Environment environment, String property) {
        return Binder.get(environment).bind(property, Bindable.listOf(String.class)).orElse(List.of());
    }

    /** {@code true} or {@code false} whatever their case, any other value as it is, {@code byDefault} if unset. */
    private static String bool(String value, String byDefault) {
        if (value == null) {
            return byDefault;
        }
        String trimmed = value.trim().toLowerCase(Locale.ROOT);
        return (trimmed.equals("true") || trimmed.equals("false")) ? trimmed : value;
    }

    private static String set(String value) {
        return hasText(value) ? "set" : "not set";
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    private record Setting(String name, Function<Environment, String> value) {
    }
}
