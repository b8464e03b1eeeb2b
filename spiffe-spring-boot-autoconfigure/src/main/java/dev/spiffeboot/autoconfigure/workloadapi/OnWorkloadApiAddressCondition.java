package dev.spiffeboot.autoconfigure.workloadapi;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.spiffeboot.workloadapi.WorkloadApiAddress;

/** The condition behind {@link ConditionalOnWorkloadApiAddress}. */
class OnWorkloadApiAddressCondition extends SpringBootCondition {

    static final String ADDRESS_PROPERTY = "spiffe.workload-api.address";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnWorkloadApiAddress.class);
        Environment environment = context.getEnvironment();
        if (!environment.getProperty("spiffe.enabled", Boolean.class, true)) {
            return ConditionOutcome.noMatch(message.because("spiffe.enabled is false"));
        }
        if (hasText(environment.getProperty(ADDRESS_PROPERTY))) {
            return ConditionOutcome.match(message.foundExactly("property " + ADDRESS_PROPERTY));
        }
        if (hasText(environment.getProperty(WorkloadApiAddress.ENVIRONMENT_VARIABLE))) {
            return ConditionOutcome.match(message.foundExactly(WorkloadApiAddress.ENVIRONMENT_VARIABLE));
        }
        return ConditionOutcome.noMatch(message.didNotFind("a Workload API address")
            .items(ADDRESS_PROPERTY, WorkloadApiAddress.ENVIRONMENT_VARIABLE));
    }

    /** Whether SPIFFE is enabled and a Workload API address set: what the condition matches. */
    static boolean isConfigured(Environment environment) {
        return environment.getProperty("spiffe.enabled", Boolean.class, true)
                && (hasText(environment.getProperty(ADDRESS_PROPERTY))
                        || hasText(environment.getProperty(WorkloadApiAddress.ENVIRONMENT_VARIABLE)));
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
