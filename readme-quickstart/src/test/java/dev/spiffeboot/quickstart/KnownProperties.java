package dev.spiffeboot.quickstart;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Checks that every property of a YAML snippet exists. Spring Boot ignores a property that nothing binds, so a
 * misspelled name would start as well as a right one: each name must be in the configuration metadata of the
 * application's class path ({@code META-INF/spring-configuration-metadata.json}, which Boot's and the starter's
 * jars carry); a name inside a list or map of objects (such as {@code authorization-servers[0].issuer}), which the
 * metadata does not describe, is checked by binding the list or map again, refusing any element nothing binds.
 */
final class KnownProperties {

    private static final String INDEX = "\\[\\d+]$";

    private KnownProperties() {
    }

    /** Fails naming the first property of the YAML snippet that the started application does not have. */
    static void assertAllExist(Snippet yaml, ConfigurableApplicationContext context) throws IOException {
        Map<String, String> types = metadata(context.getClassLoader());
        Set<String> containers = new LinkedHashSet<>();
        for (String key : keys(yaml)) {
            String name = key.replaceAll(INDEX, "");
            if (types.containsKey(name)) {
                continue;
            }
            String container = types.keySet()
                .stream()
                .filter(property -> (key.startsWith(property + ".") || key.startsWith(property + "["))
                        && isContainer(types.get(property)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("README line " + yaml.line() + ": " + yaml.name() + " sets " + key
                        + ", which is no property of the application"));
            containers.add(container);
        }
        Binder binder = Binder.get(context.getEnvironment());
        for (String container : containers) {
            // throws a BindException naming the elements nothing binds
            binder.bind(container, Bindable.of(type(types.get(container), context.getClassLoader())),
                    new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
        }
    }

    /** The snippet's property names, as Boot spells them in YAML: {@code a.b[0].c}. */
    static List<String> keys(Snippet yaml) {
        List<String> keys = new ArrayList<>();
        flatten("", new Yaml().load(yaml.text()), keys);
        return keys;
    }

    private static void flatten(String prefix, Object value, List<String> keys) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, child, keys));
        }
        else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), keys);
            }
        }
        else {
            keys.add(prefix);
        }
    }

    private static Map<String, String> metadata(ClassLoader classLoader) throws IOException {
        Map<String, String> types = new HashMap<>();
        JsonMapper json = JsonMapper.builder().build();
        for (URL url : Collections.list(classLoader.getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    JsonNode type = property.get("type");
                    types.put(property.get("name").asString(), (type != null) ? type.asString() : "java.lang.Object");
                }
            }
        }
        return types;
    }

    private static boolean isContainer(String type) {
        return type.startsWith("java.util.List<") || type.startsWith("java.util.Set<")
                || type.startsWith("java.util.Collection<") || type.startsWith("java.util.Map<");
    }

    /** The type of a metadata entry, such as {@code java.util.Map<java.lang.String,a.B$C>}. */
    static ResolvableType type(String name, ClassLoader classLoader) {
        return parse(name, new int[] { 0 }, classLoader);
    }

    private static ResolvableType parse(String name, int[] position, ClassLoader classLoader) {
        int start = position[0];
        while (position[0] < name.length() && "<>,".indexOf(name.charAt(position[0])) < 0) {
            position[0]++;
        }
        Class<?> raw = ClassUtils.resolveClassName(name.substring(start, position[0]).strip(), classLoader);
        if (position[0] == name.length() || name.charAt(position[0]) != '<') {
            return ResolvableType.forClass(raw);
        }
        List<ResolvableType> arguments = new ArrayList<>();
        do {
            position[0]++;
            arguments.add(parse(name, position, classLoader));
        }
        while (name.charAt(position[0]) == ',');
        position[0]++; // '>'
        return ResolvableType.forClassWithGenerics(raw, arguments.toArray(ResolvableType[]::new));
    }
}
