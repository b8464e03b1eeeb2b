package dev.spiffeboot.testing.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON model that can say what parsers must cope with and most libraries cannot write: a key twice in one object,
 * and any raw text in place of a value (numbers like {@code 1e999} or {@code -0}, deep nesting, bad escapes).
 * Objects are lists of members; lists are {@link List}s; strings, numbers, booleans and {@code null} are themselves.
 */
public final class Json {

    /** An object: its members in order, a key possibly more than once. */
    public static final class Obj extends ArrayList<Member> {

        private static final long serialVersionUID = 1L;

        /** The value of the first member with the key, or {@code null}. */
        public Object get(String key) {
            for (Member member : this) {
                if (member.key().equals(key)) {
                    return member.value();
                }
            }
            return null;
        }

        /** Replaces the value of every member with the key, or adds one. */
        public Obj put(String key, Object value) {
            boolean found = false;
            for (int i = 0; i < size(); i++) {
                if (get(i).key().equals(key)) {
                    set(i, new Member(key, value));
                    found = true;
                }
            }
            if (!found) {
                add(new Member(key, value));
            }
            return this;
        }
    }

    /** One member of an object. */
    public record Member(String key, Object value) {
    }

    /** Text written as is in place of a value. */
    public record Raw(String text) {
    }

    private Json() {
    }

    /** The model of a value parsed by a JSON library (maps, lists, strings, numbers, booleans, nulls). */
    public static Object of(Object parsed) {
        if (parsed instanceof Map<?, ?> map) {
            Obj object = new Obj();
            map.forEach((key, value) -> object.add(new Member(String.valueOf(key), of(value))));
            return object;
        }
        if (parsed instanceof List<?> list) {
            List<Object> values = new ArrayList<>();
            list.forEach(value -> values.add(of(value)));
            return values;
        }
        return parsed;
    }

    /** A deep copy, to mutate without touching the original. */
    public static Object copy(Object value) {
        if (value instanceof Obj object) {
            Obj copy = new Obj();
            object.forEach(member -> copy.add(new Member(member.key(), copy(member.value()))));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(element -> copy.add(copy(element)));
            return copy;
        }
        return value;
    }

    public static String write(Object value) {
        StringBuilder json = new StringBuilder();
        write(value, json);
        return json.toString();
    }

    private static void write(Object value, StringBuilder json) {
        if (value instanceof Obj object) {
            json.append('{');
            for (int i = 0; i < object.size(); i++) {
                json.append(i == 0 ? "" : ",");
                writeString(object.get(i).key(), json);
                json.append(':');
                write(object.get(i).value(), json);
            }
            json.append('}');
        }
        else if (value instanceof List<?> list) {
            json.append('[');
            for (int i = 0; i < list.size(); i++) {
                json.append(i == 0 ? "" : ",");
                write(list.get(i), json);
            }
            json.append(']');
        }
        else if (value instanceof String text) {
            writeString(text, json);
        }
        else if (value instanceof Raw raw) {
            json.append(raw.text());
        }
        else {
            json.append(value);
        }
    }

    private static void writeString(String text, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            }
            else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            }
            else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
