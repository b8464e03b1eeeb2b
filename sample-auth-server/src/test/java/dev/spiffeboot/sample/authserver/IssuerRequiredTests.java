package dev.spiffeboot.sample.authserver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.spiffeboot.devagent.junit.DevAgentExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * JWT-SVID client authentication fails closed without a fixed issuer identifier: the audience would otherwise come
 * from each request's Host header, and an assertion meant for another authorization server could be replayed here.
 */
@ExtendWith(OutputCaptureExtension.class)
class IssuerRequiredTests {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity("spiffe://example.org/auth-server").build();

    @Test
    void withoutAnIssuerTheServerDoesNotStart(CapturedOutput output) {
        assertThatException().isThrownBy(() -> new SpringApplicationBuilder(SampleAuthServerApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--spiffe.workload-api.address=" + agent.address("spiffe://example.org/auth-server"),
                "--spiffe.authorization-server.client-metadata.allowed-clients=",
                "--spring.security.oauth2.authorizationserver.issuer="));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("JWT-SVID client authentication needs the authorization server's issuer identifier")
            .contains("spring.security.oauth2.authorizationserver.issuer is not set, so the issuer would be taken "
                    + "from each request's Host header")
            .contains("Set spring.security.oauth2.authorizationserver.issuer to the URL clients know this "
                    + "authorization server by");
    }

    @Test
    void clientIdMetadataDocumentClientsNeedAnIssuerToo(CapturedOutput output) {
        assertThatException().isThrownBy(() -> new SpringApplicationBuilder(SampleAuthServerApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--spiffe.workload-api.address=" + agent.address("spiffe://example.org/auth-server"),
                "--spiffe.authorization-server.jwt-svid-client-authentication.enabled=false",
                "--spring.security.oauth2.authorizationserver.issuer="));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("Client authentication with client ID metadata documents needs the authorization server's issuer identifier")
            .contains("or remove spiffe.authorization-server.client-metadata.allowed-clients to accept no client ID "
                    + "metadata document client.");
    }
}
