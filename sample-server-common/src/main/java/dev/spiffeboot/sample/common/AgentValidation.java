package dev.spiffeboot.sample.common;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.WorkloadApiException;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Scenario 2's second endpoint: the JWT-SVID the filter chain validated, validated again by the Workload API
 * ({@code ValidateJWTSVID}) for this server's own SPIFFE ID.
 */
public final class AgentValidation {

    private final WorkloadApiClient workloadApi;

    private final X509Source x509Source;

    AgentValidation(WorkloadApiClient workloadApi, X509Source x509Source) {
        this.workloadApi = workloadApi;
        this.x509Source = x509Source;
    }

    /**
     * The greeting for a caller whose token the Workload API also accepts; blocks for the Workload API's answer.
     *
     * @throws ResponseStatusException 401 when the Workload API rejects the token, 503 when it does not answer
     */
    public String greet(SpiffeAuthentication authentication) {
        String ownId = this.x509Source.x509Svid().id().toString();
        // the token the filter chain validated, never the Authorization header parsed again
        String token = authentication.bearerToken().orElseThrow();
        try {
            JwtSvid svid = this.workloadApi.validateJwtSvid(token, ownId);
            return "Success!!! Hello " + svid.id() + ", with a JWT-SVID the Workload API validated";
        }
        catch (InvalidJwtSvidException ex) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, ex.getMessage());
        }
        catch (WorkloadApiException ex) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "the Workload API did not answer");
        }
    }
}
