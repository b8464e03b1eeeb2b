package dev.spiffeboot.test.web.servlet;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.BiFunction;

import jakarta.servlet.ServletContext;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

import dev.spiffeboot.security.web.ClientCertificatePeerIdentityResolver;
import dev.spiffeboot.test.agent.SpiffeTestAgent;
import dev.spiffeboot.test.issuer.AutoConfigureTestIssuerKeys;
import dev.spiffeboot.test.issuer.TestIssuerKeys;

/**
 * MockMvc requests from an authenticated SPIFFE caller, with real credentials minted by the application context's
 * {@link SpiffeTestAgent}: the application authenticates and authorizes them exactly as it does real requests (its
 * peer verification, JWT-SVID validation, policy and annotations), so a test catches a wrong rule.
 *
 * <pre>{@code
 * mvc.perform(get("/orders").with(spiffePeer("spiffe://example.org/frontend"))).andExpect(status().isOk());
 * mvc.perform(get("/orders").with(jwtSvid("spiffe://example.org/batch").audience("orders"))).andExpect(status().isOk());
 * }</pre>
 *
 * Both on one request are an mTLS peer calling with a JWT-SVID, as a gateway does on behalf of a workload.
 * {@link #issuerToken(String, String)} is a token of another issuer, with {@link AutoConfigureTestIssuerKeys}.
 */
public final class SpiffeMockMvcRequestPostProcessors {

    private SpiffeMockMvcRequestPostProcessors() {
    }

    /**
     * The request comes over mTLS from a peer with this SPIFFE ID: an X509-SVID minted by the test agent is the
     * request's client certificate chain ({@code jakarta.servlet.request.X509Certificate}), verified by the
     * application against its bundles.
     */
    public static RequestPostProcessor spiffePeer(String spiffeId) {
        return request -> {
            List<X509Certificate> chain = agent(request).mintX509Svid(spiffeId).chain();
            request.setAttribute(ClientCertificatePeerIdentityResolver.CERTIFICATE_ATTRIBUTE, chain.toArray(X509Certificate[]::new));
            return request;
        };
    }

    /**
     * The request carries a JWT-SVID of this SPIFFE ID ({@code Authorization: Bearer}), signed by the test agent;
     * for the application's own SPIFFE ID unless {@link BearerTokenRequestPostProcessor#audience(String...)} says
     * otherwise.
     */
    public static BearerTokenRequestPostProcessor jwtSvid(String spiffeId) {
        return new BearerTokenRequestPostProcessor((context, audiences) -> SpiffeTestAgent.of(context).mintJwtSvid(spiffeId, audiences),
                List.of());
    }

    /**
     * The request carries a token of an issuer of {@code spiffe.jwt.issuers} for the subject
     * ({@code Authorization: Bearer}), signed with the test key of {@link AutoConfigureTestIssuerKeys} (which the test
     * needs); for the audiences the application accepts from the issuer unless
     * {@link BearerTokenRequestPostProcessor#audience(String...)} says otherwise.
     */
    public static BearerTokenRequestPostProcessor issuerToken(String issuer, String subject) {
        return new BearerTokenRequestPostProcessor(
                (context, audiences) -> TestIssuerKeys.of(context).mintToken(issuer, subject, audiences), List.of());
    }

    private static SpiffeTestAgent agent(MockHttpServletRequest request) {
        return SpiffeTestAgent.of(context(request));
    }

    private static WebApplicationContext context(MockHttpServletRequest request) {
        ServletContext servletContext = request.getServletContext();
        WebApplicationContext context = WebApplicationContextUtils.findWebApplicationContext(servletContext);
        if (context == null) {
            throw new IllegalStateException("No application context for this MockMvc request: build MockMvc from the "
                    + "application context (@WebMvcTest, @AutoConfigureMockMvc or MockMvcBuilders.webAppContextSetup)");
        }
        return context;
    }

    /** A bearer token for the request, with the audiences of your choice. */
    public static final class BearerTokenRequestPostProcessor implements RequestPostProcessor {

        private final BiFunction<WebApplicationContext, List<String>, String> minter;

        private final List<String> audiences;

        private BearerTokenRequestPostProcessor(BiFunction<WebApplicationContext, List<String>, String> minter, List<String> audiences) {
            this.minter = minter;
            this.audiences = audiences;
        }

        /** The token's audiences instead of the default ones. */
        public BearerTokenRequestPostProcessor audience(String... audiences) {
            return new BearerTokenRequestPostProcessor(this.minter, List.of(audiences));
        }

        @Override
        public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
            String token = this.minter.apply(context(request), this.audiences);
            request.removeHeader(HttpHeaders.AUTHORIZATION);
            request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            return request;
        }
    }
}
