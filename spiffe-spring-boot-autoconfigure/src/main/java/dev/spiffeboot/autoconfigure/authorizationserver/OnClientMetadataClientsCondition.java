package dev.spiffeboot.autoconfigure.authorizationserver;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code spiffe.authorization-server.client-metadata.allowed-clients} lists a pattern (in any list form). */
class OnClientMetadataClientsCondition extends SpringBootCondition {

    static final String PROPERTY = "spiffe.authorization-server.client-metadata.allowed-clients";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        List<String> patterns = Binder.get(context.getEnvironment()).bind(PROPERTY, Bindable.listOf(String.class)).orElse(List.of());
        return patterns.isEmpty() ? ConditionOutcome.noMatch(PROPERTY + " is empty")
                : ConditionOutcome.match(PROPERTY + " lists " + patterns.size() + " pattern(s)");
    }
}
