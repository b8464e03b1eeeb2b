package dev.spiffeboot.autoconfigure.testing;

import java.io.IOException;
import java.nio.file.Path;

import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.DevAgentConfig;
import dev.spiffeboot.devagent.Endpoint;
import dev.spiffeboot.devagent.Identity;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * A dev agent with a CA of its own for example.org, for impostors: its SVID carries the ID given but verifies
 * against none of the bundles the servers under test trust. Its one endpoint is {@code address(0)}.
 */
public final class UntrustedCa {

    private UntrustedCa() {
    }

    /** Starts the agent, its CA and socket in the directory, serving one SVID with the ID. */
    public static DevAgent agent(Path directory, String id) throws IOException {
        DevAgentConfig otherCa = DevAgentConfig.builder(TrustDomain.parse("example.org"), directory.resolve("other-ca"))
            .endpoint(Endpoint.unix(directory.resolve("other.sock"), Identity.of(id)))
            .build();
        return DevAgent.start(otherCa);
    }
}
