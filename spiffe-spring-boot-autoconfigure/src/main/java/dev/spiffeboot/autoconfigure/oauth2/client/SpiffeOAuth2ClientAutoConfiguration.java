package dev.spiffeboot.autoconfigure.oauth2.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.spiffeboot.autoconfigure.clientmetadata.SpiffeClientMetadataAutoConfiguration;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.security.oauth2.client.AccessTokens;
import dev.spiffeboot.security.oauth2.client.ClientAssertion;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.security.oauth2.client.TrustedAuthorizationServer;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.BundleSource;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Access tokens for this workload from the authorization servers of {@code spiffe.oauth2.client.authorization-servers}
 * ({@link AccessTokens}), which the RestClient customizers' {@code accessTokens(...)} send and renew. A server with a
 * {@code spiffe-id} is reached over SPIFFE mTLS and must present that ID; the others are authenticated by the JDK's
 * trust store. Settings the workload cannot honour (no JWT-SVID, no client ID metadata document, a malformed issuer
 * or SPIFFE ID) stop the start-up.
 */
@AutoConfiguration(after = { SpiffeWorkloadApiAutoConfiguration.class, SpiffeClientMetadataAutoConfiguration.class })
@ConditionalOnClass(AccessTokens.class)
@ConditionalOnBean(BundleSource.class)
@EnableConfigurationProperties(SpiffeOAuth2ClientProperties.class)
public final class SpiffeOAuth2ClientAutoConfiguration {

    private static final String PREFIX = "spiffe.oauth2.client.authorization-servers";

    @Bean
    @ConditionalOnMissingBean
    AccessTokens spiffeAccessTokens(SpiffeOAuth2ClientProperties properties, BundleSource bundles,
            ObjectProvider<X509Source> x509Source, ObjectProvider<JwtSource> jwtSource, ObjectProvider<ClientIdJwts> clientIdJwts) {
        List<TrustedAuthorizationServer> servers = new ArrayList<>();
        for (int i = 0; i < properties.getAuthorizationServers().size(); i++) {
            SpiffeOAuth2ClientProperties.AuthorizationServer server = properties.getAuthorizationServers().get(i);
            String property = PREFIX + "[" + i + "]";
            URI issuer = checkIssuer(server.getIssuer(), property);
            servers.add(new TrustedAuthorizationServer(issuer, http(server, property, bundles, x509Source.getIfAvailable()),
                    assertion(server, property, jwtSource.getIfAvailable(), clientIdJwts.getIfAvailable()), server.getTokenEndpoint()));
        }
        return new AccessTokens(servers, properties.getRefreshMargin(), Clock.systemUTC());
    }

    private static URI checkIssuer(URI issuer, String property) {
        if (issuer == null || issuer.getHost() == null || issuer.getRawQuery() != null || issuer.getRawFragment() != null
                || !("https".equals(issuer.getScheme()) || "http".equals(issuer.getScheme()))) {
            throw new OAuth2ClientSettingsException(property + ".issuer must be the server's issuer identifier, an https URL "
                    + "without query or fragment, got " + issuer, "Set it to the issuer exactly as the server's metadata names "
                    + "it, e.g. https://auth.example.com.", null);
        }
        return issuer;
    }

    private static HttpClient http(SpiffeOAuth2ClientProperties.AuthorizationServer server, String property, BundleSource bundles,
            X509Source x509Source) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER);
        if (server.getSpiffeId() != null) {
            SpiffeId id;
            try {
                id = SpiffeId.parse(server.getSpiffeId());
            }
            catch (IllegalArgumentException ex) {
                throw new OAuth2ClientSettingsException(property + ".spiffe-id: " + ex.getMessage(), "Set it to the SPIFFE ID "
                        + "the server presents, e.g. spiffe://example.org/auth-server, or leave it unset for a server with a "
                        + "WebPKI certificate.", ex);
            }
            Authorizer authorizer = Authorizer.matching(SpiffeIdMatcher.id(id));
            SSLContext tls = (x509Source != null) ? SpiffeSslContexts.mtlsClient(x509Source, bundles, authorizer)
                    : SpiffeSslContexts.tlsClient(bundles, authorizer);
            http.sslContext(tls);
        }
        return http.build();
    }

    private static ClientAssertion assertion(SpiffeOAuth2ClientProperties.AuthorizationServer server, String property,
            JwtSource jwtSource, ClientIdJwts clientIdJwts) {
        return switch (server.getClientAuthentication()) {
            case JWT_SVID -> {
                if (jwtSource == null) {
                    throw new OAuth2ClientSettingsException(property + ".client-authentication is JWT_SVID, but this workload "
                            + "fetches no JWT-SVIDs", "Set spiffe.workload-api.address (or SPIFFE_ENDPOINT_SOCKET), or use "
                            + "client-authentication CLIENT_ID_JWT.", null);
                }
                yield ClientAssertion.jwtSvid(jwtSource);
            }
            case CLIENT_ID_JWT -> {
                if (clientIdJwts == null) {
                    throw new OAuth2ClientSettingsException(property + ".client-authentication is CLIENT_ID_JWT, but this "
                            + "application has no client ID metadata document", "Set spiffe.client-metadata.client-id to the "
                            + "https URL of its document, or use client-authentication JWT_SVID.", null);
                }
                yield ClientAssertion.clientIdJwt(clientIdJwts);
            }
        };
    }
}
