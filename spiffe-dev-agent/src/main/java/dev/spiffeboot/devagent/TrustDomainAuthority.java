package dev.spiffeboot.devagent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import dev.spiffeboot.spiffeid.TrustDomain;

/** The X.509 CA and the JWT signer of one trust domain. */
record TrustDomainAuthority(LocalCa ca, JwtIssuer jwt) {

    /** Opens (or creates) the CA and the JWT keys of the trust domain under one hold of the directory's lock. */
    static TrustDomainAuthority open(Path caDirectory, TrustDomain trustDomain, Clock clock) throws IOException {
        CaDirectory directory = CaDirectory.of(caDirectory, trustDomain);
        return directory.locked(() -> new TrustDomainAuthority(LocalCa.open(directory, trustDomain, clock),
                JwtIssuer.open(directory, trustDomain, clock)));
    }

    TrustDomain trustDomain() {
        return this.ca.trustDomain();
    }
}
