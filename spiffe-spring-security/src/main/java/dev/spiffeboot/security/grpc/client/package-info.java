/**
 * SPIFFE for outgoing gRPC calls: channel credentials that do mTLS with this workload's X509-SVID and check the
 * server's SPIFFE ID in the handshake, and JWT-SVID call credentials, for grpc-java channels and Spring gRPC's
 * channel factories.
 */
package dev.spiffeboot.security.grpc.client;
