package dev.spiffeboot.security.grpc.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;

import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.WorkloadApiException;
import dev.spiffeboot.workloadapi.WorkloadApiStatus;

/**
 * Call credentials that add {@code authorization: Bearer <JWT-SVID>} for fixed audiences to every call. Tokens come
 * from the {@link JwtSource} cache, so a call costs a Workload API call only when a token is minted; a cached token
 * is applied at once, without blocking.
 * <p>
 * A call that cannot get a token fails before it is sent, with a status that says so and never contains a token:
 * <ul>
 * <li>{@code UNAVAILABLE} when the Workload API cannot be reached or did not answer in time: a transient failure of
 * a local dependency, which a retry may cure (grpc-java's own call credentials report an I/O failure the same
 * way);</li>
 * <li>{@code UNAUTHENTICATED} when the Workload API refused the token or answered with something else: this
 * workload has no credentials for the call, and retrying will not change that;</li>
 * <li>{@code UNAUTHENTICATED} too when the connection has no TLS: a bearer token is never sent in the clear.</li>
 * </ul>
 */
public final class JwtSvidCallCredentials extends CallCredentials {

    /** The {@code authorization} request header. */
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final JwtSource jwtSource;

    private final String audience;

    private final String[] moreAudiences;

    /** Credentials with JWT-SVIDs of this workload's default identity for the audiences. */
    public JwtSvidCallCredentials(JwtSource jwtSource, String audience, String... moreAudiences) {
        this.jwtSource = Objects.requireNonNull(jwtSource, "JWT source");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.moreAudiences = moreAudiences.clone();
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        if (requestInfo.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY) {
            applier.fail(Status.UNAUTHENTICATED.withDescription("refused to send a JWT-SVID for " + audiences()
                    + " over a connection without TLS (security level " + requestInfo.getSecurityLevel() + ")"));
            return;
        }
        CompletableFuture<JwtSvid> token;
        try {
            token = this.jwtSource.fetchJwtSvidAsync(this.audience, this.moreAudiences);
        }
        catch (RuntimeException ex) {
            applier.fail(failure(ex));
            return;
        }
        token.whenComplete((svid, failure) -> {
            if (failure != null) {
                applier.fail(failure(failure));
                return;
            }
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + svid.token());
            applier.apply(headers);
        });
    }

    private Status failure(Throwable failure) {
        return failure(audiences(), failure);
    }

    /** The status of a call whose token could not be had for the audiences, for the reason given. */
    static Status failure(List<String> audiences, Throwable failure) {
        Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
        Status status = unavailable(cause) ? Status.UNAVAILABLE : Status.UNAUTHENTICATED;
        return status.withDescription("no JWT-SVID for " + audiences + " from the Workload API: " + cause.getMessage())
            .withCause(cause);
    }

    private static boolean unavailable(Throwable cause) {
        if (!(cause instanceof WorkloadApiException workloadApi)) {
            return false;
        }
        return workloadApi.status() == WorkloadApiStatus.UNAVAILABLE || workloadApi.status() == WorkloadApiStatus.DEADLINE_EXCEEDED;
    }

    private List<String> audiences() {
        List<String> all = new ArrayList<>(List.of(this.moreAudiences));
        all.add(0, this.audience);
        return all;
    }

    @Override
    public String toString() {
        return "JwtSvidCallCredentials" + audiences();
    }
}
