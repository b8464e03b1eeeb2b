package dev.spiffeboot.devagent;

import java.util.List;
import java.util.function.Supplier;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.devagent.grpc.JWTBundlesRequest;
import dev.spiffeboot.devagent.grpc.JWTBundlesResponse;
import dev.spiffeboot.devagent.grpc.JWTSVIDRequest;
import dev.spiffeboot.devagent.grpc.JWTSVIDResponse;
import dev.spiffeboot.devagent.grpc.SpiffeWorkloadAPIGrpc;
import dev.spiffeboot.devagent.grpc.ValidateJWTSVIDRequest;
import dev.spiffeboot.devagent.grpc.ValidateJWTSVIDResponse;
import dev.spiffeboot.devagent.grpc.X509BundlesRequest;
import dev.spiffeboot.devagent.grpc.X509BundlesResponse;
import dev.spiffeboot.devagent.grpc.X509SVIDRequest;
import dev.spiffeboot.devagent.grpc.X509SVIDResponse;

/**
 * The Workload API of one endpoint, as the SPIFFE Workload API standard defines it: callers get the identities the
 * endpoint grants them (all, or those whose uid/gid selectors match), {@code PERMISSION_DENIED} when none, and the
 * streams send the full state at once and again after every change.
 */
final class WorkloadApiService extends SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIImplBase {

    private static final Logger logger = LoggerFactory.getLogger(WorkloadApiService.class);

    private final Endpoint endpoint;

    private final AgentState state;

    WorkloadApiService(Endpoint endpoint, AgentState state) {
        this.endpoint = endpoint;
        this.state = state;
    }

    @Override
    public void fetchX509SVID(X509SVIDRequest request, StreamObserver<X509SVIDResponse> observer) {
        List<Identity> granted = granted("FetchX509SVID", observer);
        if (granted != null) {
            stream(observer, AgentState.Topic.X509_SVIDS, () -> this.state.x509Response(granted));
        }
    }

    @Override
    public void fetchX509Bundles(X509BundlesRequest request, StreamObserver<X509BundlesResponse> observer) {
        if (granted("FetchX509Bundles", observer) != null) {
            stream(observer, AgentState.Topic.X509_BUNDLES, this.state::x509BundlesResponse);
        }
    }

    @Override
    public void fetchJWTBundles(JWTBundlesRequest request, StreamObserver<JWTBundlesResponse> observer) {
        if (granted("FetchJWTBundles", observer) != null) {
            stream(observer, AgentState.Topic.JWT_BUNDLES, this.state::jwtBundlesResponse);
        }
    }

    @Override
    public void fetchJWTSVID(JWTSVIDRequest request, StreamObserver<JWTSVIDResponse> observer) {
        if (request.getAudienceCount() == 0) {
            observer.onError(Status.INVALID_ARGUMENT.withDescription("audience must be specified").asRuntimeException());
            return;
        }
        List<Identity> granted = granted("FetchJWTSVID", observer);
        if (granted == null) {
            return;
        }
        if (!request.getSpiffeId().isEmpty()) {
            granted = granted.stream().filter(identity -> identity.spiffeId().toString().equals(request.getSpiffeId())).toList();
            if (granted.isEmpty()) {
                observer.onError(Status.PERMISSION_DENIED
                    .withDescription("no identity " + request.getSpiffeId() + " issued to this caller")
                    .asRuntimeException());
                return;
            }
        }
        observer.onNext(JWTSVIDResponse.newBuilder().addAllSvids(this.state.jwtSvids(granted, request.getAudienceList())).build());
        observer.onCompleted();
    }

    @Override
    public void validateJWTSVID(ValidateJWTSVIDRequest request, StreamObserver<ValidateJWTSVIDResponse> observer) {
        if (unavailable(observer)) {
            return;
        }
        if (request.getAudience().isEmpty()) {
            observer.onError(Status.INVALID_ARGUMENT.withDescription("audience must be specified").asRuntimeException());
            return;
        }
        if (request.getSvid().isEmpty()) {
            observer.onError(Status.INVALID_ARGUMENT.withDescription("svid must be specified").asRuntimeException());
            return;
        }
        ValidateJWTSVIDResponse response;
        try {
            response = this.state.validate(request.getSvid(), request.getAudience());
        }
        catch (InvalidJwtSvidException ex) {
            observer.onError(Status.INVALID_ARGUMENT.withDescription(ex.getMessage()).asRuntimeException());
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    /** The caller's identities, or {@code null} after answering with an error. */
    private List<Identity> granted(String rpc, StreamObserver<?> observer) {
        if (unavailable(observer)) {
            return null;
        }
        PeerCredentials caller = CallerIdentity.current();
        List<Identity> granted = this.endpoint.identitiesFor(caller);
        if (granted.isEmpty()) {
            logger.info("Dev agent {}: no identity for caller ({}) of {}", rpc, caller == null ? "credentials unknown" : caller,
                    this.endpoint);
            observer.onError(Status.PERMISSION_DENIED.withDescription("no identity issued").asRuntimeException());
            return null;
        }
        return granted;
    }

    private boolean unavailable(StreamObserver<?> observer) {
        if (this.state.inOutage()) {
            observer.onError(Status.UNAVAILABLE.withDescription("dev agent outage (on demand)").asRuntimeException());
            return true;
        }
        return false;
    }

    /** Sends the current message now and after every change of its topic, until the caller cancels or an outage starts. */
    private <R> void stream(StreamObserver<R> observer, AgentState.Topic topic, Supplier<R> message) {
        ServerCallStreamObserver<R> call = (ServerCallStreamObserver<R>) observer;
        AgentState.Subscription subscription = new AgentState.Subscription() {

            private boolean ended;

            @Override
            public AgentState.Topic topic() {
                return topic;
            }

            @Override
            public synchronized void push() {
                if (!this.ended && !call.isCancelled()) {
                    call.onNext(message.get());
                }
            }

            @Override
            public synchronized void fail(Status status) {
                if (!this.ended) {
                    this.ended = true;
                    WorkloadApiService.this.state.unsubscribe(this);
                    call.onError(status.asRuntimeException());
                }
            }
        };
        call.setOnCancelHandler(() -> this.state.unsubscribe(subscription));
        this.state.subscribe(subscription);
        subscription.push();
    }
}
