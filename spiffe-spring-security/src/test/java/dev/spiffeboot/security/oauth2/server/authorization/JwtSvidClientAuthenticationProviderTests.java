package dev.spiffeboot.security.oauth2.server.authorization;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.jwt.LocalJwtSvidVerifier;
import dev.spiffeboot.workloadapi.JwtSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The provider on real JWT-SVIDs of the dev agent, for a client shaped like a client ID metadata document client:
 * its client ID is an https URL and its client setting binds it to all SPIFFE IDs under a path, as the draft's
 * {@code spiffe_id} with {@code /*} does. (The HTTP behaviour, with clients whose ID is the SPIFFE ID, is
 * sample-auth-server's test.)
 */
class JwtSvidClientAuthenticationProviderTests {

    private static final String ISSUER = "https://as.example.org";

    private static final String METADATA_URL = "https://client.example.org/metadata.json";

    private static final String WORKLOAD = "spiffe://example.org/workloads/a";

    /** A sibling of the bound path, not below it. */
    private static final String SIBLING = "spiffe://example.org/workloads-b";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(WORKLOAD).identity(SIBLING).build();

    private static JwtSource workload;

    private static JwtSource sibling;

    private static JwtSvidClientAuthenticationProvider provider;

    @BeforeAll
    static void sources() {
        workload = JwtSource.builder().address(agent.address(WORKLOAD)).build();
        sibling = JwtSource.builder().address(agent.address(SIBLING)).build();
        RegisteredClient metadataClient = RegisteredClient.withId("metadata-client").clientId(METADATA_URL)
            .clientAuthenticationMethod(JwtSvidClientAuthentication.METHOD)
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .clientSettings(ClientSettings.builder()
                .setting(JwtSvidClientAuthentication.SPIFFE_ID_SETTING, "spiffe://example.org/workloads/*")
                .build())
            .build();
        provider = new JwtSvidClientAuthenticationProvider(new InMemoryRegisteredClientRepository(metadataClient),
                LocalJwtSvidVerifier.builder(workload::bundles, () -> List.of(ISSUER)).build(), ISSUER);
    }

    @AfterAll
    static void close() {
        workload.close();
        sibling.close();
    }

    private static Authentication request(String assertion, String clientId) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
        request.addParameter("grant_type", "client_credentials");
        request.addParameter("client_assertion_type", JwtSvidClientAuthentication.ASSERTION_TYPE);
        request.addParameter("client_assertion", assertion);
        if (clientId != null) {
            request.addParameter("client_id", clientId);
        }
        return new JwtSvidClientAuthenticationConverter().convert(request);
    }

    @Test
    void aWorkloadBelowTheBoundPathAuthenticatesAsTheClientItNames() {
        Authentication authenticated = provider.authenticate(request(workload.fetchJwtSvid(ISSUER).token(), METADATA_URL));
        assertThat(authenticated).isInstanceOf(OAuth2ClientAuthenticationToken.class);
        OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authenticated;
        assertThat(client.isAuthenticated()).isTrue();
        assertThat(client.getRegisteredClient().getClientId()).isEqualTo(METADATA_URL);
        assertThat(client.getClientAuthenticationMethod()).isEqualTo(JwtSvidClientAuthentication.METHOD);
        assertThat(client.getCredentials()).as("the assertion is not kept").isNull();
    }

    @Test
    void aWorkloadBesideTheBoundPathIsRefused() {
        assertThatExceptionOfType(ClientAuthenticationException.class)
            .isThrownBy(() -> provider.authenticate(request(sibling.fetchJwtSvid(ISSUER).token(), METADATA_URL)))
            .satisfies(ex -> assertThat(ex.getError().getDescription())
                .isEqualTo("client '" + METADATA_URL + "' is not bound to SPIFFE ID '" + SIBLING + "'"));
    }

    @Test
    void withoutTheClientIdTheSpiffeIdNamesTheClient() {
        assertThatExceptionOfType(ClientAuthenticationException.class)
            .isThrownBy(() -> provider.authenticate(request(workload.fetchJwtSvid(ISSUER).token(), null)))
            .satisfies(ex -> assertThat(ex.getError().getDescription()).isEqualTo("no registered client '" + WORKLOAD + "'"));
    }

    @Test
    void otherMethodsAreLeftToTheirProviders() {
        OAuth2ClientAuthenticationToken secret = new OAuth2ClientAuthenticationToken(METADATA_URL,
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC, "secret", null);
        assertThat(provider.authenticate(secret)).isNull();
    }

    @Test
    void anIssuerIsRequired() {
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new JwtSvidClientAuthenticationProvider(
                new InMemoryRegisteredClientRepository(List.of()), token -> null, " "));
    }
}
