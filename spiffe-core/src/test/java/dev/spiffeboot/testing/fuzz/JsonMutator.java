package dev.spiffeboot.testing.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * Mutates a {@link Json} model: values replaced by other types, boundary numbers or deep nesting, members removed,
 * repeated (the same key twice) or renamed, strings mutated with a format-aware {@link StringMutator}, and members
 * copied in from known-good documents.
 */
public final class JsonMutator {

    private static final List<Object> VALUES = List.of("", "x", 0L, -1L, 1L, 255L, 65536L, Long.MAX_VALUE,
            Long.MIN_VALUE, 1.5, -0.0, 1e308, true, false, new Json.Raw("null"), new Json.Raw("1e999"),
            new Json.Raw("-1e999"), new Json.Raw("-0"), new Json.Raw("9223372036854775808"),
            new Json.Raw("-9223372036854775809"), new Json.Raw("123456789012345678901234567890"), new Json.Raw("1E+2"),
            new Json.Raw("0.0000000000000000000000001"), new Json.Raw("\"\\ud800\""), new Json.Raw("\"\\u0000\""),
            new Json.Raw("NaN"), new Json.Raw("Infinity"), new Json.Raw("01"), new Json.Raw("[]"), new Json.Raw("{}"),
            new Json.Raw("[null]"), new Json.Raw("[1,2,3]"), new Json.Raw("[\"a\",1,{}]"), new Json.Raw("{\"\":\"\"}"));

    private final StringMutator strings;

    private final List<String> keys;

    /** A mutator that uses {@code strings} on string values and adds or renames members to {@code keys}. */
    public JsonMutator(StringMutator strings, List<String> keys) {
        this.strings = strings;
        this.keys = keys;
    }

    /** One to a few stacked mutations anywhere in {@code root}; {@code donors} lend members and values. */
    public void mutate(FuzzRandom random, Json.Obj root, List<Json.Obj> donors) {
        int rounds = 1 + random.size(4);
        for (int i = 0; i < rounds; i++) {
            mutateOnce(random, root, donors);
        }
    }

    @SuppressWarnings("unchecked")
    private void mutateOnce(FuzzRandom random, Json.Obj root, List<Json.Obj> donors) {
        List<Object> containers = new ArrayList<>();
        collect(root, containers);
        Object container = random.pick(containers);
        if (container instanceof Json.Obj object) {
            mutateObject(random, object, donors);
        }
        else {
            List<Object> list = (List<Object>) container;
            if (list.isEmpty() || random.oneIn(4)) {
                list.add(random.below(list.size() + 1), value(random, donors));
            }
            else {
                int at = random.below(list.size());
                switch (random.below(4)) {
                    case 0 -> list.remove(at);
                    case 1 -> list.add(at, list.get(at));
                    case 2 -> list.set(at, mutateValue(random, list.get(at), donors));
                    default -> list.set(at, value(random, donors));
                }
            }
        }
    }

    private void mutateObject(FuzzRandom random, Json.Obj object, List<Json.Obj> donors) {
        if (object.isEmpty() || random.oneIn(6)) {
            object.add(random.below(object.size() + 1), new Json.Member(random.pick(this.keys), value(random, donors)));
            return;
        }
        int at = random.below(object.size());
        Json.Member member = object.get(at);
        switch (random.below(6)) {
            case 0 -> object.remove(at);
            case 1 -> object.add(random.below(object.size() + 1), new Json.Member(member.key(),
                    random.nextBoolean() ? member.value() : mutateValue(random, member.value(), donors)));
            case 2 -> object.set(at, new Json.Member(random.nextBoolean() ? random.pick(this.keys)
                    : this.strings.mutate(random, member.key(), this.keys), member.value()));
            default -> object.set(at, new Json.Member(member.key(), mutateValue(random, member.value(), donors)));
        }
    }

    private Object mutateValue(FuzzRandom random, Object value, List<Json.Obj> donors) {
        if (value instanceof String text && !random.oneIn(3)) {
            return this.strings.mutate(random, text, List.of());
        }
        if (random.oneIn(3)) {
            List<Object> wrapped = new ArrayList<>();
            wrapped.add(value);
            return wrapped;
        }
        return value(random, donors);
    }

    private Object value(FuzzRandom random, List<Json.Obj> donors) {
        switch (random.below(8)) {
            case 0:
                return deep(random);
            case 1:
                if (!donors.isEmpty()) {
                    Json.Obj donor = random.pick(donors);
                    if (!donor.isEmpty()) {
                        return Json.copy(random.pick(donor).value());
                    }
                }
                return "";
            case 2:
                return this.strings.random(random);
            case 3:
                return "x".repeat(random.pick(1, 300, 10_000));
            default:
                return random.pick(VALUES);
        }
    }

    private static Json.Raw deep(FuzzRandom random) {
        int depth = random.pick(20, 300, 5_000);
        if (random.nextBoolean()) {
            return new Json.Raw("[".repeat(depth) + "]".repeat(depth));
        }
        return new Json.Raw("{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object value, List<Object> containers) {
        if (value instanceof Json.Obj object) {
            containers.add(object);
            for (Json.Member member : object) {
                collect(member.value(), containers);
            }
        }
        else if (value instanceof List<?> list) {
            containers.add(list);
            for (Object element : (List<Object>) list) {
                collect(element, containers);
            }
        }
    }
}
