package dev.spiffeboot.bench.reliability;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.bench.http.WebServers;
import dev.spiffeboot.security.annotation.AllowSpiffeIds;

/**
 * The SPIFFE-secured application of the reliability scenarios: HTTPS on the embedded Tomcat with its X509-SVID
 * ({@code spiffe.server.enabled}), client certificates optional and, when presented, authorized during the
 * handshake; the auto-configured SPIFFE filter chain; one endpoint for mTLS callers and one for JWT-SVID callers,
 * both allowing only the client's SPIFFE ID. Its settings are in {@link Fixture}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = WebServers.JETTY_SERVLET)
@RestController
public class ReliabilityApplication {

    /** The one caller both endpoints allow. */
    static final String CLIENT = "spiffe://example.org/client";

    @GetMapping("/mtls")
    @AllowSpiffeIds(CLIENT)
    String mtls() {
        return "ok";
    }

    @GetMapping("/jwt")
    @AllowSpiffeIds(CLIENT)
    String jwt() {
        return "ok";
    }
}
