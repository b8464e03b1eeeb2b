package dev.spiffeboot.security.grpc.server;

import java.util.List;

import io.grpc.Status;
import io.grpc.StatusException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;

import dev.spiffeboot.security.authentication.BearerChallenge;
import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.BearerTokenRejectionListener;
import dev.spiffeboot.security.authorization.Refusals;

/**
 * The statuses of refused gRPC calls, ahead of Spring gRPC's handler (which says only "Authentication failed" or
 * "Access denied"): a refused bearer token ends the call with {@code UNAUTHENTICATED} and
 * {@code "invalid_token: <reason>"} (or {@code UNAVAILABLE} when it cannot be checked now, as HTTP answers 503),
 * logged and reported to the listeners as HTTP refusals are; any other authentication failure with
 * {@code UNAUTHENTICATED}, any other refusal with {@code PERMISSION_DENIED}. The token is never logged.
 */
public final class SpiffeGrpcExceptionHandler implements GrpcExceptionHandler, Ordered {

    private static final Log logger = LogFactory.getLog(SpiffeGrpcExceptionHandler.class);

    private final List<BearerTokenRejectionListener> listeners;

    /** A handler that tells nobody about refused tokens. */
    public SpiffeGrpcExceptionHandler() {
        this(List.of());
    }

    /** A handler that tells the listeners about every refused token (e.g. to count refusals). */
    public SpiffeGrpcExceptionHandler(List<? extends BearerTokenRejectionListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public StatusException handleException(Throwable exception) {
        if (exception instanceof BearerTokenRejectedException rejected) {
            BearerChallenge.report(logger, rejected, this.listeners);
            Status status = rejected.isUnavailable() ? Status.UNAVAILABLE : Status.UNAUTHENTICATED;
            return status.withDescription(rejected.getError().getErrorCode() + ": " + rejected.getError().getDescription())
                .asException();
        }
        if (exception instanceof AuthenticationException) {
            return Status.UNAUTHENTICATED.withDescription(CallRefusals.AUTHENTICATION_REQUIRED).asException();
        }
        if (exception instanceof AccessDeniedException denied) {
            logger.warn("Access denied (" + Refusals.reasonOf(denied) + ")");
            return Status.PERMISSION_DENIED.withDescription("access denied").asException();
        }
        return null;
    }

    /** Before Spring gRPC's security handler, which answers the same exceptions without their reasons. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
