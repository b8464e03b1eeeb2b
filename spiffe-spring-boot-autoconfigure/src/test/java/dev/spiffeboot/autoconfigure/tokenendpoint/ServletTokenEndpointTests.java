package dev.spiffeboot.autoconfigure.tokenendpoint;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;

import dev.spiffeboot.security.client.SpiffeRestClients;
import dev.spiffeboot.security.oauth2.client.AccessTokenBearerInterceptor;
import dev.spiffeboot.security.oauth2.client.AccessTokens;
import dev.spiffeboot.security.oauth2.client.TrustedAuthorizationServer;

import static dev.spiffeboot.autoconfigure.tokenendpoint.TokenEndpointApplication.SERVICE;

/** The token endpoint on Tomcat, and a RestClient with the {@link AccessTokenBearerInterceptor}. */
@SpringBootTest(classes = TokenEndpointApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want", "spiffe.security.token-endpoint.enabled=true" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ServletTokenEndpointTests extends AbstractTokenEndpointTests {

    @Autowired
    RestClient.Builder restClients;

    @Autowired
    SpiffeRestClients spiffeRestClients;

    @Override
    protected String startedLine() {
        return "Tomcat started on port " + port();
    }

    @Override
    protected Client client(AccessTokens tokens, Wire wire, TrustedAuthorizationServer server) {
        AccessTokenBearerInterceptor interceptor = (server != null)
                ? new AccessTokenBearerInterceptor(tokens, null, server, URI.create(issuer()))
                : new AccessTokenBearerInterceptor(tokens, null);
        RestClient client = this.restClients.clone()
            .apply(this.spiffeRestClients.tls(SERVICE))
            .requestInterceptor(interceptor)
            .requestInterceptor((request, body, execution) -> {
                String bearer = wire.onTheWire(request.getMethod(), request.getURI(),
                        Wire.bearerOf(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)));
                if (bearer != null) {
                    request.getHeaders().setBearerAuth(bearer);
                }
                return execution.execute(request, body);
            })
            .baseUrl(issuer())
            .build();
        return (method, path, body) -> {
            RestClient.RequestBodySpec request = client.method(method).uri(path);
            if (body != null) {
                request.header(HttpHeaders.CONTENT_TYPE, "application/json").body(body);
            }
            return request.exchange((sent, response) -> new Answer(response.getStatusCode().value(),
                    new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
        };
    }
}
