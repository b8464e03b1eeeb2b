package dev.spiffeboot.security.grpc.client;

import java.util.List;
import java.util.concurrent.CompletionException;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.spiffeboot.workloadapi.WorkloadApiException;
import dev.spiffeboot.workloadapi.WorkloadApiStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status of a call whose JWT-SVID could not be had: UNAVAILABLE when the Workload API could not be reached or
 * answered too late (transient), UNAUTHENTICATED for every other failure; the description names the audiences and
 * the Workload API's reason. (The real calls, including a Workload API outage, are in the autoconfigure module's
 * gRPC client tests.)
 */
class JwtSvidCallCredentialsTests {

    private static final List<String> AUDIENCES = List.of("spiffe://example.org/orders");

    @ParameterizedTest
    @EnumSource(value = WorkloadApiStatus.class, names = { "UNAVAILABLE", "DEADLINE_EXCEEDED" })
    void aWorkloadApiOutOfReachIsUnavailable(WorkloadApiStatus cause) {
        WorkloadApiException failure = new WorkloadApiException("Workload API FetchJWTSVID failed: " + cause, cause, true);
        Status status = JwtSvidCallCredentials.failure(AUDIENCES, new CompletionException(failure));
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getDescription())
            .isEqualTo("no JWT-SVID for [spiffe://example.org/orders] from the Workload API: Workload API FetchJWTSVID failed: " + cause);
        assertThat(status.getCause()).isSameAs(failure);
    }

    @ParameterizedTest
    @EnumSource(value = WorkloadApiStatus.class, names = { "PERMISSION_DENIED", "INVALID_ARGUMENT", "INVALID_RESPONSE", "INTERNAL" })
    void aWorkloadApiThatRefusesOrAnswersBadlyIsUnauthenticated(WorkloadApiStatus cause) {
        WorkloadApiException failure = new WorkloadApiException("Workload API FetchJWTSVID failed: " + cause, cause, false);
        Status status = JwtSvidCallCredentials.failure(AUDIENCES, failure);
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).startsWith("no JWT-SVID for [spiffe://example.org/orders] from the Workload API: ");
    }

    @Test
    void anyOtherFailureIsUnauthenticated() {
        Status status = JwtSvidCallCredentials.failure(AUDIENCES, new IllegalStateException("no JWT-SVID in the response"));
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
}
