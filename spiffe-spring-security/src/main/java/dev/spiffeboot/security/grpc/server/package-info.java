/**
 * SPIFFE security for gRPC servers on Spring gRPC's {@code GrpcSecurity}: each call is authenticated by its mTLS
 * peer's SPIFFE ID and by the bearer token of its {@code authorization} metadata, exactly as HTTP requests are, and
 * authorized by the declarative policy (on the full method name, {@code /package.Service/Method}) and by the
 * annotations on the service's methods. Refusals end the call with {@code UNAUTHENTICATED} or
 * {@code PERMISSION_DENIED} and a description that names the reason.
 */
package dev.spiffeboot.security.grpc.server;
