package dev.spiffeboot.devagent.interop;

import java.time.Duration;
import java.util.Set;

import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.jwtsvid.JwtSvid;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.svid.x509svid.X509SvidValidator;
import io.spiffe.workloadapi.DefaultJwtSource;
import io.spiffe.workloadapi.DefaultWorkloadApiClient;
import io.spiffe.workloadapi.DefaultX509Source;
import io.spiffe.workloadapi.JwtSource;
import io.spiffe.workloadapi.JwtSourceOptions;
import io.spiffe.workloadapi.WorkloadApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;
import dev.spiffeboot.workloadapi.BundleSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** java-spiffe, a third-party client, fetches and validates X.509 and JWT SVIDs from the dev agent. */
class JavaSpiffeInteropTests {

    private static final String SERVER = "spiffe://example.org/server";

    private static final String CLIENT = "spiffe://example.org/client";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).build();

    private static String socket(String identity) {
        return agent.address(identity).toString();
    }

    @Test
    void javaSpiffeFetchesAndVerifiesAnX509Svid() throws Exception {
        DefaultX509Source.X509SourceOptions options = DefaultX509Source.X509SourceOptions.builder()
            .spiffeSocketPath(socket(SERVER))
            .initTimeout(Duration.ofSeconds(30))
            .build();
        try (DefaultX509Source source = DefaultX509Source.newSource(options)) {
            X509Svid svid = source.getX509Svid();
            assertThat(svid.getSpiffeId().toString()).isEqualTo(SERVER);
            X509Bundle bundle = source.getBundleForTrustDomain(TrustDomain.parse("example.org"));
            X509SvidValidator.verifyChain(svid.getChain(), source);
            assertThat(bundle.getX509Authorities()).hasSize(1);
        }
    }

    @Test
    void javaSpiffeFetchesJwtSvidsThatBothLibrariesValidate() throws Exception {
        JwtSourceOptions options = JwtSourceOptions.builder().spiffeSocketPath(socket(CLIENT)).initTimeout(Duration.ofSeconds(30)).build();
        try (JwtSource source = DefaultJwtSource.newSource(options);
                BundleSource ours = BundleSource.builder().address(agent.address(SERVER)).build()) {
            JwtSvid svid = source.fetchJwtSvid(SERVER);
            assertThat(svid.getSpiffeId().toString()).isEqualTo(CLIENT);
            JwtSvid validated = JwtSvid.parseAndValidate(svid.getToken(), source, Set.of(SERVER));
            assertThat(validated.getSpiffeId().toString()).isEqualTo(CLIENT);
            assertThat(JwtSvidValidator.of(ours).validate(svid.getToken(), SERVER).id()).isEqualTo(SpiffeId.parse(CLIENT));
        }
    }

    @Test
    void javaSpiffeValidatesThroughTheDevAgent() throws Exception {
        try (WorkloadApiClient client = DefaultWorkloadApiClient.newClient(
                DefaultWorkloadApiClient.ClientOptions.builder().spiffeSocketPath(socket(CLIENT)).build())) {
            String token = client.fetchJwtSvid(SERVER).getToken();
            assertThat(client.validateJwtSvid(token, SERVER).getSpiffeId().toString()).isEqualTo(CLIENT);
            assertThatThrownBy(() -> client.validateJwtSvid(token, "spiffe://example.org/other"))
                .hasStackTraceContaining("INVALID_ARGUMENT")
                .hasStackTraceContaining("expected audience in [spiffe://example.org/other]");
        }
    }
}
