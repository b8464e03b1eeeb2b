package dev.spiffeboot.security.policy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.spiffeid.SpiffeId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Policies built in code, without Spring Boot: the Istio semantics and the messages that name a bad rule. */
class AuthorizationPolicyTests {

    static final SpiffeId CLIENT = SpiffeId.parse("spiffe://example.org/client");

    static final SpiffeId GATEWAY = SpiffeId.parse("spiffe://example.org/gateway");

    private static PolicyRequest peer(SpiffeId peer, String path) {
        return PolicyRequest.of(new SpiffeAuthentication(peer, null), path, "GET");
    }

    @Test
    void rulesInCodeFollowIstioSemantics() {
        AuthorizationPolicy policy = AuthorizationPolicy.compile("orders-policy", List.of(
                new PolicyRule("no-gateway", PolicyAction.DENY, List.of(PolicySource.principals(GATEWAY.toString())), List.of()),
                new PolicyRule("clients", PolicyAction.ALLOW, List.of(PolicySource.principals("spiffe://example.org/*")),
                        List.of(PolicyOperation.paths("/orders*")))), false);
        assertThat(policy.hasRules()).isTrue();
        assertThat(policy.evaluate(peer(CLIENT, "/orders/1")).isGranted()).isTrue();
        assertThat(policy.evaluate(peer(GATEWAY, "/orders/1")).reason()).isEqualTo("denied by orders-policy.rules[0] (no-gateway)");
        assertThat(policy.evaluate(peer(CLIENT, "/admin")).reason()).isEqualTo("no ALLOW rule matches");
        assertThat(policy.evaluate(PolicyRequest.of(null, "/orders/1", "GET")).isGranted()).isFalse();
    }

    @Test
    void withoutRulesAuthenticatedCallersAreAllowed() {
        AuthorizationPolicy policy = AuthorizationPolicy.authenticatedCallers();
        assertThat(policy.hasRules()).isFalse();
        assertThat(policy.withoutRules(true).isGranted()).isTrue();
        assertThat(policy.withoutRules(false).reason()).isEqualTo("no verified identity");
    }

    @Test
    void theRequestOfATokenCallerCarriesItsPrincipalAndTrustDomain() {
        SpiffeId partner = SpiffeId.parse("spiffe://partner.test/billing");
        SpiffeAuthentication caller = new SpiffeAuthentication(GATEWAY,
                RequestPrincipal.jwtSvid(partner, List.of("spiffe://example.org/orders"), java.time.Instant.now(), java.util.Map.of()));
        PolicyRequest request = PolicyRequest.of(caller, "/orders", "POST");
        assertThat(request.peer()).isEqualTo(GATEWAY);
        assertThat(request.requestPrincipal()).isEqualTo(partner.toString());
        assertThat(request.callerTrustDomain()).isEqualTo(partner.trustDomain());
        assertThat(request.authenticated()).isTrue();
    }

    @Test
    void aBadValueNamesTheRule() {
        assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationPolicy.compile("grpc-policy", List.of(
                new PolicyRule(null, PolicyAction.ALLOW, List.of(PolicySource.principals("spiffe://exa mple.org/x")), List.of())), false))
            .withMessageStartingWith("grpc-policy.rules[0] from[0].principals[0] \"spiffe://exa mple.org/x\": ");
    }
}
