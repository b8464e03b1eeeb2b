package dev.spiffeboot.autoconfigure.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.spiffeboot.security.authorization.ReasonedDecision;
import dev.spiffeboot.security.policy.AuthorizationPolicy;
import dev.spiffeboot.security.policy.PolicyRequest;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The rules of {@code spiffe.security.policy}, bound from properties as in an application, compiled and evaluated. */
class PolicyPropertiesTests {

    static final SpiffeId CLIENT = SpiffeId.parse("spiffe://example.org/client");

    static final SpiffeId GATEWAY = SpiffeId.parse("spiffe://example.org/gateway");

    static final SpiffeId PARTNER = SpiffeId.parse("spiffe://partner.test/billing");

    private static AuthorizationPolicy policy(String... keyValues) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put("spiffe.security.policy." + keyValues[i], keyValues[i + 1]);
        }
        SpiffeSecurityProperties bound = new Binder(new MapConfigurationPropertySource(properties))
            .bindOrCreate("spiffe.security", SpiffeSecurityProperties.class);
        return bound.getPolicy().compile();
    }

    private static PolicyRequest peer(SpiffeId peer, String method, String path) {
        return new PolicyRequest(peer, null, peer.trustDomain(), path, method);
    }

    private static PolicyRequest anonymous(String method, String path) {
        return new PolicyRequest(null, null, null, path, method);
    }

    @Test
    void withoutRulesAnyAuthenticatedCallerIsAllowedAndNobodyElse() {
        AuthorizationPolicy policy = policy();
        assertThat(policy.evaluate(peer(CLIENT, "GET", "/a")).isGranted()).isTrue();
        assertThat(policy.evaluate(anonymous("GET", "/a")).isGranted()).isFalse();
    }

    @Test
    void defaultDenyAllowsNothing() {
        AuthorizationPolicy policy = policy("default-deny", "true");
        assertThat(policy.evaluate(peer(CLIENT, "GET", "/a"))).extracting(ReasonedDecision::isGranted).isEqualTo(false);
        assertThat(policy.evaluate(peer(CLIENT, "GET", "/a")).reason()).contains("default-deny");
    }

    @Test
    void denyRulesAreEvaluatedFirst() {
        AuthorizationPolicy policy = policy("rules[0].from[0].principals[0]", "*",
                "rules[1].name", "no-gateway", "rules[1].action", "deny", "rules[1].from[0].principals[0]", GATEWAY.toString());
        assertThat(policy.evaluate(peer(CLIENT, "GET", "/")).isGranted()).isTrue();
        ReasonedDecision denied = policy.evaluate(peer(GATEWAY, "GET", "/"));
        assertThat(denied.isGranted()).isFalse();
        assertThat(denied.reason()).isEqualTo("denied by spiffe.security.policy.rules[1] (no-gateway)");
    }

    @Test
    void onceAnAllowRuleExistsWhatItDoesNotMatchIsDenied() {
        AuthorizationPolicy policy = policy("rules[0].from[0].principals[0]", CLIENT.toString());
        assertThat(policy.evaluate(peer(CLIENT, "GET", "/")).isGranted()).isTrue();
        assertThat(policy.evaluate(peer(GATEWAY, "GET", "/")).reason()).isEqualTo("no ALLOW rule matches");
    }

    @Test
    void valuesMatchExactlyByPrefixBySuffixOrByPresence() {
        AuthorizationPolicy prefix = policy("rules[0].from[0].principals[0]", "spiffe://example.org/gate*");
        assertThat(prefix.evaluate(peer(GATEWAY, "GET", "/")).isGranted()).isTrue();
        assertThat(prefix.evaluate(peer(CLIENT, "GET", "/")).isGranted()).isFalse();
        AuthorizationPolicy suffix = policy("rules[0].from[0].principals[0]", "*/client");
        assertThat(suffix.evaluate(peer(CLIENT, "GET", "/")).isGranted()).isTrue();
        assertThat(suffix.evaluate(peer(GATEWAY, "GET", "/")).isGranted()).isFalse();
        AuthorizationPolicy presence = policy("rules[0].from[0].principals[0]", "*");
        assertThat(presence.evaluate(peer(PARTNER, "GET", "/")).isGranted()).isTrue();
        assertThat(presence.evaluate(anonymous("GET", "/")).isGranted()).isFalse();
    }

    @Test
    void notFormsExclude() {
        AuthorizationPolicy policy = policy("rules[0].from[0].not-principals[0]", GATEWAY.toString(),
                "rules[0].to[0].not-paths[0]", "/admin/*", "rules[0].to[0].not-methods[0]", "DELETE");
        assertThat(policy.evaluate(peer(CLIENT, "GET", "/orders")).isGranted()).isTrue();
        assertThat(policy.evaluate(peer(GATEWAY, "GET", "/orders")).isGranted()).isFalse();
        assertThat(policy.evaluate(peer(CLIENT, "GET", "/admin/users")).isGranted()).isFalse();
        assertThat(policy.evaluate(peer(CLIENT, "DELETE", "/orders")).isGranted()).isFalse();
    }

    @Test
    void aRuleNeedsOneMatchingSourceAndOneMatchingOperation() {
        AuthorizationPolicy policy = policy("rules[0].from[0].principals[0]", CLIENT.toString(),
                "rules[0].from[1].trust-domains[0]", "partner.test",
                "rules[0].to[0].paths[0]", "/orders", "rules[0].to[0].methods[0]", "get",
                "rules[0].to[1].paths[0]", "/reports/*");
        assertThat(policy.evaluate(peer(CLIENT, "GET", "/orders")).isGranted()).isTrue();
        assertThat(policy.evaluate(peer(PARTNER, "GET", "/reports/q3")).isGranted()).isTrue();
        assertThat(policy.evaluate(peer(PARTNER, "POST", "/orders")).isGranted()).isFalse();
        assertThat(policy.evaluate(peer(GATEWAY, "GET", "/orders")).isGranted()).isFalse();
    }

    @Test
    void requestPrincipalsAndTheCallersTrustDomainComeFromTheToken() {
        AuthorizationPolicy policy = policy("rules[0].from[0].request-principals[0]", "https://idp.test/*",
                "rules[1].from[0].trust-domains[0]", "partner.test", "rules[1].to[0].paths[0]", "/partner");
        PolicyRequest endUser = new PolicyRequest(GATEWAY, "https://idp.test/alice",
                GATEWAY.trustDomain(), "/anything", "GET");
        assertThat(policy.evaluate(endUser).isGranted()).isTrue();
        assertThat(policy.evaluate(peer(GATEWAY, "GET", "/anything")).isGranted()).isFalse();
        PolicyRequest partnerJwtSvid = new PolicyRequest(null, PARTNER.toString(),
                TrustDomain.parse("partner.test"), "/partner", "GET");
        assertThat(policy.evaluate(partnerJwtSvid).isGranted()).isTrue();
    }

    @Test
    void aMalformedSpiffeIdStopsCompilationNamingTheRuleAndTheValue() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> policy("rules[0].name", "partners", "rules[0].from[0].principals[0]", "spiffe://Example.org/x"))
            .withMessageStartingWith("spiffe.security.policy.rules[0] (partners) from[0].principals[0] \"spiffe://Example.org/x\": ");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> policy("rules[0].from[0].not-principals[0]", "spiffe://exa mple.org/*"))
            .withMessageStartingWith("spiffe.security.policy.rules[0] from[0].not-principals[0] \"spiffe://exa mple.org/*\": ");
    }

    @Test
    void otherBadValuesStopCompilationToo() {
        assertThatIllegalArgumentException().isThrownBy(() -> policy("rules[0].from[0].principals[0]", "spiffe://example.org/*/x"))
            .withMessageContaining("'*' may stand alone, or start or end a value");
        assertThatIllegalArgumentException().isThrownBy(() -> policy("rules[0].from[0].trust-domains[0]", "Example.org"))
            .withMessageStartingWith("spiffe.security.policy.rules[0] from[0].trust-domains[0] \"Example.org\"");
        assertThatIllegalArgumentException().isThrownBy(() -> policy("rules[0].to[0].paths[0]", "orders"))
            .withMessageContaining("a path starts with '/'");
        assertThatIllegalArgumentException().isThrownBy(() -> policy("rules[0].to[0].not-methods[0]", "GET /"))
            .withMessageStartingWith("spiffe.security.policy.rules[0] to[0].not-methods[0] \"GET /\": not an HTTP method");
    }

    @Test
    void anyIdPrefixIsAccepted() {
        AuthorizationPolicy policy = policy("rules[0].from[0].principals[0]", "spiffe://*");
        assertThat(policy.evaluate(peer(PARTNER, "GET", "/")).isGranted()).isTrue();
    }
}
