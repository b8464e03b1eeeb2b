package dev.spiffeboot.test.agent;

import java.util.Arrays;
import java.util.List;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * What a test asks of its agent; equal settings share an application context (they are part of its cache key).
 *
 * @param spiffeId the application's identity
 * @param identities the other workloads the agent serves
 * @param federatedTrustDomain the federated trust domain, or {@code null}
 */
record SpiffeTestAgentSettings(SpiffeId spiffeId, List<SpiffeId> identities, TrustDomain federatedTrustDomain) {

    static final SpiffeTestAgentSettings DEFAULTS = new SpiffeTestAgentSettings(
            SpiffeId.parse(AutoConfigureSpiffeTestAgent.DEFAULT_SPIFFE_ID), List.of(), null);

    SpiffeTestAgentSettings {
        identities = List.copyOf(identities);
    }

    /**
     * @throws IllegalArgumentException naming the attribute that is wrong
     */
    static SpiffeTestAgentSettings of(AutoConfigureSpiffeTestAgent annotation) {
        SpiffeId spiffeId = parse("spiffeId", annotation.spiffeId());
        List<SpiffeId> identities = Arrays.stream(annotation.identities()).map(id -> parse("identities", id)).toList();
        TrustDomain federated;
        try {
            federated = annotation.federatedTrustDomain().isEmpty() ? null : TrustDomain.parse(annotation.federatedTrustDomain());
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("@AutoConfigureSpiffeTestAgent(federatedTrustDomain): " + ex.getMessage(), ex);
        }
        return new SpiffeTestAgentSettings(spiffeId, identities, federated);
    }

    private static SpiffeId parse(String attribute, String value) {
        try {
            return SpiffeId.parse(value);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("@AutoConfigureSpiffeTestAgent(" + attribute + "): " + ex.getMessage(), ex);
        }
    }
}
