package dev.spiffeboot.autoconfigure.security;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the protected resource metadata is asked for: {@code spiffe.security.resource-metadata.enabled=true},
 * or {@code enabled} unset and at least one {@code authorization-servers} entry.
 */
class OnResourceMetadataCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("protected resource metadata");
        Binder binder = Binder.get(context.getEnvironment());
        String enabled = SpiffeResourceMetadataProperties.PREFIX + ".enabled";
        Boolean explicit = binder.bind(enabled, Boolean.class).orElse(null);
        if (explicit != null) {
            return new ConditionOutcome(explicit, message.because(enabled + " is " + explicit));
        }
        String servers = SpiffeResourceMetadataProperties.PREFIX + ".authorization-servers";
        List<String> issuers = binder.bind(servers, Bindable.listOf(String.class)).orElse(List.of());
        if (issuers.isEmpty()) {
            return ConditionOutcome.noMatch(message.because("neither " + enabled + " nor " + servers + " is set"));
        }
        return ConditionOutcome.match(message.because(servers + " is set"));
    }
}
