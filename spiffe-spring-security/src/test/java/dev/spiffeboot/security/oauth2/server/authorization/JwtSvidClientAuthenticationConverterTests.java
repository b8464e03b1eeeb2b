package dev.spiffeboot.security.oauth2.server.authorization;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Which token requests the converter takes, and the malformed ones it refuses before any validation. The JWT-SVIDs
 * here are never validated (the provider does that), so unsigned ones do.
 */
class JwtSvidClientAuthenticationConverterTests {

    /** A JWT-SVID's shape, unsigned: header {"alg":"ES256","typ":"JWT","kid":"k"}, sub spiffe://example.org/client. */
    private static final String ASSERTION = "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsifQ"
            + ".eyJzdWIiOiJzcGlmZmU6Ly9leGFtcGxlLm9yZy9jbGllbnQiLCJhdWQiOlsiaHR0cHM6Ly9hcy5leGFtcGxlLm9yZyJdLCJleHAiOjQxMDI0NDQ4MDB9"
            + ".c2lnbmF0dXJl";

    private final JwtSvidClientAuthenticationConverter converter = new JwtSvidClientAuthenticationConverter();

    private static MockHttpServletRequest tokenRequest() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
        request.addParameter("grant_type", "client_credentials");
        return request;
    }

    private static MockHttpServletRequest withAssertion(String assertion) {
        MockHttpServletRequest request = tokenRequest();
        request.addParameter("client_assertion_type", JwtSvidClientAuthentication.ASSERTION_TYPE);
        request.addParameter("client_assertion", assertion);
        return request;
    }

    private String refusal(MockHttpServletRequest request, String errorCode) {
        OAuth2AuthenticationException refused = (OAuth2AuthenticationException) catchThrowable(() -> this.converter.convert(request));
        assertThat(refused).isInstanceOf(ClientAuthenticationException.class);
        assertThat(refused.getError().getErrorCode()).isEqualTo(errorCode);
        return refused.getError().getDescription();
    }

    @Test
    void theClientIsTheAssertionsSubjectUntilVerified() {
        Authentication converted = this.converter.convert(withAssertion(ASSERTION));
        assertThat(converted).isInstanceOf(OAuth2ClientAuthenticationToken.class);
        OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) converted;
        assertThat(token.getPrincipal()).isEqualTo("spiffe://example.org/client");
        assertThat(token.getClientAuthenticationMethod()).isEqualTo(JwtSvidClientAuthentication.METHOD);
        assertThat(token.getCredentials()).isEqualTo(ASSERTION);
        assertThat(token.getAdditionalParameters()).isEmpty();
    }

    @Test
    void aClientIdNamesTheClientAndIsKeptForTheProvider() {
        MockHttpServletRequest request = withAssertion(ASSERTION);
        request.addParameter("client_id", "https://client.example.org/metadata.json");
        OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) this.converter.convert(request);
        assertThat(token.getPrincipal()).isEqualTo("https://client.example.org/metadata.json");
        assertThat(token.getAdditionalParameters()).containsEntry("client_id", "https://client.example.org/metadata.json");
    }

    @Test
    void otherClientAuthenticationMethodsAreLeftToTheirConverters() {
        MockHttpServletRequest jwtBearer = tokenRequest();
        jwtBearer.addParameter("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        jwtBearer.addParameter("client_assertion", ASSERTION);
        assertThat(this.converter.convert(jwtBearer)).isNull();
        assertThat(this.converter.convert(tokenRequest())).isNull();
    }

    @Test
    void credentialsInTheQueryStringAreNotTaken() {
        MockHttpServletRequest request = tokenRequest();
        request.setQueryString("client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-spiffe"
                + "&client_assertion=" + ASSERTION);
        request.addParameter("client_assertion_type", JwtSvidClientAuthentication.ASSERTION_TYPE);
        request.addParameter("client_assertion", ASSERTION);
        assertThat(this.converter.convert(request)).isNull();
    }

    @Test
    void repeatedParametersAreRefused() {
        MockHttpServletRequest twoTypes = withAssertion(ASSERTION);
        twoTypes.addParameter("client_assertion_type", JwtSvidClientAuthentication.ASSERTION_TYPE);
        assertThat(refusal(twoTypes, "invalid_client")).isEqualTo("the request carries 2 client_assertion_type parameters; "
                + "JWT-SVID client authentication takes exactly one");
        MockHttpServletRequest twoClientIds = withAssertion(ASSERTION);
        twoClientIds.addParameter("client_id", "spiffe://example.org/client", "spiffe://example.org/client");
        assertThat(refusal(twoClientIds, "invalid_client")).isEqualTo("the request carries 2 client_id parameters");
        MockHttpServletRequest noAssertion = tokenRequest();
        noAssertion.addParameter("client_assertion_type", JwtSvidClientAuthentication.ASSERTION_TYPE);
        assertThat(refusal(noAssertion, "invalid_client")).isEqualTo("the request carries 0 client_assertion parameters; "
                + "JWT-SVID client authentication takes exactly one JWT-SVID");
    }

    @Test
    void theAuthorizationCodeGrantIsRefused() {
        MockHttpServletRequest request = withAssertion(ASSERTION);
        request.setParameter("grant_type", "authorization_code");
        request.addParameter("code", "abc");
        assertThat(refusal(request, "invalid_request"))
            .isEqualTo("JWT-SVID client authentication is not available for the authorization_code grant");
    }

    @Test
    void anOversizedAssertionIsRefusedUnread() {
        JwtSvidClientAuthenticationConverter small = new JwtSvidClientAuthenticationConverter(100);
        assertThatExceptionOfType(ClientAuthenticationException.class).isThrownBy(() -> small.convert(withAssertion(ASSERTION)))
            .satisfies(ex -> assertThat(ex.getError().getDescription()).isEqualTo("client_assertion is longer than 100 characters"));
    }

    @Test
    void anAssertionThatIsNoJwtSvidIsRefused() {
        assertThat(refusal(withAssertion("a.b"), "invalid_client")).startsWith("client_assertion is not a JWT-SVID: ");
    }
}
