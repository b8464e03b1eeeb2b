package dev.spiffeboot.security.client;

import java.util.Objects;
import java.util.function.Supplier;

import dev.spiffeboot.security.oauth2.client.AccessTokens;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.workloadapi.JwtSource;

/**
 * Where the bearer tokens of the client customizers come from, each looked up when a customizer that sends it is
 * made (so that a workload without one fails then, with a clear message, and not at start-up).
 *
 * @param jwtSvids this workload's JWT-SVIDs
 * @param clientIdJwts the JWTs it signs as the client of its client ID metadata document
 * @param accessTokens the access tokens it gets from trusted authorization servers
 */
public record BearerSources(Supplier<JwtSource> jwtSvids, Supplier<ClientIdJwts> clientIdJwts, Supplier<AccessTokens> accessTokens) {

    public BearerSources {
        Objects.requireNonNull(jwtSvids, "JWT-SVIDs");
        Objects.requireNonNull(clientIdJwts, "client ID JWTs");
        Objects.requireNonNull(accessTokens, "access tokens");
    }

    /** JWT-SVIDs only: the other sources fail with a message saying what is missing. */
    public static BearerSources jwtSvids(Supplier<JwtSource> jwtSvids) {
        return new BearerSources(jwtSvids, () -> {
            throw new IllegalStateException("client ID JWTs need this application's client ID metadata document");
        }, () -> {
            throw new IllegalStateException("access tokens need the trusted authorization servers (AccessTokens)");
        });
    }
}
