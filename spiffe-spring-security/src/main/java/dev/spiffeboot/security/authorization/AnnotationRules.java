package dev.spiffeboot.security.authorization;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;

import dev.spiffeboot.security.annotation.AllowSpiffeIdPatterns;
import dev.spiffeboot.security.annotation.AllowSpiffeIds;
import dev.spiffeboot.security.annotation.AllowTrustDomains;
import dev.spiffeboot.security.annotation.RequireJwtAudience;
import dev.spiffeboot.security.annotation.SpiffeAuthorize;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.spiffeid.SpiffeIdPattern;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.text.LogSafe;

/**
 * Reads the SPIFFE authorization annotations of a method and its class (directly or as meta-annotations, also from
 * super types) into a {@link MethodRule}, once per method and class. Values are checked when the rule is read,
 * which happens when beans are proxied at start-up, so a bad SPIFFE ID or expression stops the application with a
 * message naming the method.
 */
final class AnnotationRules {

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();

    private static final MethodRule NONE = new MethodRule(null, List.of(), null);

    /** The annotations a rule is read from. */
    private static final List<Class<? extends Annotation>> ANNOTATION_TYPES = List.of(AllowSpiffeIds.class,
            AllowTrustDomains.class, AllowSpiffeIdPatterns.class, RequireJwtAudience.class, SpiffeAuthorize.class);

    private final Map<MethodClassKey, MethodRule> rules = new ConcurrentHashMap<>();

    /**
     * What the annotations say about a method, with the refusals it can give ready-made.
     *
     * @param allowed who may call, or {@code null} when no {@code Allow*} annotation applies
     * @param audiences the JWT-SVID audiences of which one is required; empty when none is
     * @param expression the {@link SpiffeAuthorize} expression, or {@code null}
     */
    record MethodRule(SpiffeIdMatcher allowed, List<String> audiences, Expression expression) {

        ReasonedDecision callerRefused() {
            return new ReasonedDecision(false, "caller is not " + this.allowed);
        }

        ReasonedDecision audienceRefused() {
            return new ReasonedDecision(false, "no JWT-SVID for audience in " + LogSafe.list(this.audiences));
        }

        ReasonedDecision expressionRefused() {
            return new ReasonedDecision(false, "@SpiffeAuthorize(\"" + this.expression.getExpressionString() + "\") is false");
        }
    }

    /** Whether the type, its super types or their methods carry a SPIFFE annotation: whether rules are read from it. */
    static boolean isAnnotated(Class<?> type) {
        return ANNOTATED_TYPES.get(type);
    }

    /** The rule for a method called on an instance of the target class, or {@code null} if it has none. */
    MethodRule ruleFor(Method method, Class<?> targetClass) {
        if (!ANNOTATED_TYPES.get((targetClass != null) ? targetClass : method.getDeclaringClass())) {
            return null;
        }
        MethodRule rule = this.rules.computeIfAbsent(new MethodClassKey(method, targetClass), key -> read(method, targetClass));
        return (rule == NONE) ? null : rule;
    }

    /**
     * Whether a SPIFFE annotation (or one meta-annotated with it) is on the type, its super types or any of their
     * methods, found once per type: the pointcut asks for every method of every bean at start-up, and almost all of
     * them have none, which this tells without reading each method's annotations through the type hierarchy.
     */
    private static final ClassValue<Boolean> ANNOTATED_TYPES = new ClassValue<>() {

        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return declaresSpiffeAnnotation(type);
            }
            catch (LinkageError ex) {
                // a method signature names a class that is not there: leave the type to the full reading of each method
                return true;
            }
        }
    };

    private static boolean declaresSpiffeAnnotation(Class<?> type) {
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(type));
        Set<Class<?>> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Class<?> current = pending.pop();
            if (current == Object.class || !seen.add(current)) {
                continue;
            }
            if (hasSpiffeAnnotation(current) || Arrays.stream(current.getDeclaredMethods()).anyMatch(AnnotationRules::hasSpiffeAnnotation)) {
                return true;
            }
            if (current.getSuperclass() != null) {
                pending.push(current.getSuperclass());
            }
            pending.addAll(Arrays.asList(current.getInterfaces()));
        }
        return false;
    }

    private static boolean hasSpiffeAnnotation(AnnotatedElement element) {
        if (element.getDeclaredAnnotations().length == 0) {
            return false;
        }
        MergedAnnotations annotations = MergedAnnotations.from(element, SearchStrategy.DIRECT);
        return ANNOTATION_TYPES.stream().anyMatch(annotations::isPresent);
    }

    private static MethodRule read(Method method, Class<?> targetClass) {
        if (method.getDeclaringClass() == Object.class) {
            return NONE;
        }
        Class<?> type = (targetClass != null) ? targetClass : method.getDeclaringClass();
        Method specific = AopUtils.getMostSpecificMethod(method, type);
        MergedAnnotations onMethod = MergedAnnotations.from(specific, SearchStrategy.TYPE_HIERARCHY);
        MergedAnnotations onClass = MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY);
        String where = type.getName() + "." + specific.getName();
        try {
            SpiffeIdMatcher allowed = allowed(onMethod);
            if (allowed == null) {
                allowed = allowed(onClass);
            }
            List<String> audiences = firstValues(onMethod, RequireJwtAudience.class).or(() -> firstValues(onClass, RequireJwtAudience.class))
                .map(AnnotationRules::audiences)
                .orElse(List.of());
            Optional<String> expression = firstValue(onMethod, SpiffeAuthorize.class).or(() -> firstValue(onClass, SpiffeAuthorize.class));
            if (allowed == null && audiences.isEmpty() && expression.isEmpty()) {
                return NONE;
            }
            return new MethodRule(allowed, audiences, expression.map(AnnotationRules::parse).orElse(null));
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("Invalid SPIFFE authorization annotation on " + where + ": " + ex.getMessage(), ex);
        }
    }

    /** The union of every {@code Allow*} annotation on one element, or {@code null} if it has none. */
    private static SpiffeIdMatcher allowed(MergedAnnotations annotations) {
        List<SpiffeIdMatcher> matchers = new ArrayList<>();
        List<SpiffeId> ids = values(annotations, AllowSpiffeIds.class).stream().map(SpiffeId::parse).toList();
        if (!ids.isEmpty()) {
            // one set lookup, however many IDs the annotations list
            matchers.add(ids.size() == 1 ? SpiffeIdMatcher.id(ids.get(0)) : SpiffeIdMatcher.oneOf(ids));
        }
        values(annotations, AllowTrustDomains.class).forEach(value -> matchers.add(SpiffeIdMatcher.memberOf(TrustDomain.parse(value))));
        values(annotations, AllowSpiffeIdPatterns.class).forEach(value -> matchers.add(SpiffeIdPattern.compile(value)));
        return matchers.stream().reduce(SpiffeIdMatcher::or).orElse(null);
    }

    /** The values of every annotation of the type on the element (directly or as meta-annotations). */
    private static List<String> values(MergedAnnotations annotations, Class<? extends Annotation> type) {
        List<String> all = new ArrayList<>();
        annotations.stream(type).forEach(annotation -> {
            String[] values = annotation.getStringArray(MergedAnnotation.VALUE);
            if (values.length == 0) {
                throw new IllegalArgumentException("@" + type.getSimpleName() + " needs at least one value");
            }
            all.addAll(List.of(values));
        });
        return all;
    }

    private static Optional<String[]> firstValues(MergedAnnotations annotations, Class<? extends Annotation> type) {
        MergedAnnotation<? extends Annotation> annotation = annotations.get(type);
        return annotation.isPresent() ? Optional.of(annotation.getStringArray(MergedAnnotation.VALUE)) : Optional.empty();
    }

    private static Optional<String> firstValue(MergedAnnotations annotations, Class<? extends Annotation> type) {
        MergedAnnotation<? extends Annotation> annotation = annotations.get(type);
        return annotation.isPresent() ? Optional.of(annotation.getString(MergedAnnotation.VALUE)) : Optional.empty();
    }

    private static List<String> audiences(String[] values) {
        if (values.length == 0 || Arrays.stream(values).anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("@RequireJwtAudience needs non-empty audiences, got " + Arrays.toString(values));
        }
        return List.of(values);
    }

    private static Expression parse(String text) {
        try {
            return PARSER.parseExpression(text);
        }
        catch (ParseException ex) {
            throw new IllegalArgumentException("@SpiffeAuthorize(\"" + text + "\") does not parse: " + ex.getMessage(), ex);
        }
    }
}
