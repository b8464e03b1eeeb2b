package dev.spiffeboot.devagent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import dev.spiffeboot.spiffeid.TrustDomain;

/** The X.509 CA and the JWT signer of one trust domain. */
record TrustDomainAuthority(LocalCa ca, JwtIssuer jwt) {

    static TrustDomainAuthority open(Path caDirectory, TrustDomain trustDomain, Clock clock) throws IOException {
        return new TrustDomainAuthority(LocalCa.open(caDirectory, trustDomain, clock), JwtIssuer.open(caDirectory, trustDomain, clock));
    }

    TrustDomain trustDomain() {
        return this.ca.trustDomain();
    }
}
