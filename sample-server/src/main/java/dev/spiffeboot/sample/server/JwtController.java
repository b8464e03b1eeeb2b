package dev.spiffeboot.sample.server;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.spiffeboot.security.annotation.CallerId;
import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.security.annotation.RequireJwtAudience;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.WorkloadApiException;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Scenario 2, HTTP over TLS with a JWT-SVID whose audience is this server's own SPIFFE ID: validated by the filter
 * chain with the JWT bundles, and on the second endpoint also by the Workload API ({@code ValidateJWTSVID}).
 */
@RestController
@RequireJwtAudience("spiffe://example.org/server")
class JwtController {

    private final WorkloadApiClient workloadApi;

    private final X509Source x509Source;

    JwtController(WorkloadApiClient workloadApi, X509Source x509Source) {
        this.workloadApi = workloadApi;
        this.x509Source = x509Source;
    }

    @GetMapping("/jwt/hello")
    String hello(@CallerId SpiffeId caller) {
        return "Success!!! Hello " + caller + ", with a JWT-SVID";
    }

    @GetMapping("/jwt/agent-validated")
    String agentValidated(SpiffeAuthentication authentication) {
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
