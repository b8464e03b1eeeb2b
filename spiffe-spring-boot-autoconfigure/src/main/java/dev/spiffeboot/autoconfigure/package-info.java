/**
 * Spring Boot auto-configuration for SPIFFE: it creates and wires the beans of spiffe-core and
 * spiffe-spring-security, each backing off for the application's own. Each sub-package holds one feature and the
 * properties of its prefix: the Workload API sources ({@code spiffe.workload-api}), the SSL bundle and context, the
 * embedded server's TLS and the refusal of servers it cannot secure ({@code spiffe.server}), the same for Spring
 * gRPC's server ({@code spiffe.grpc.server}), HTTP clients ({@code spiffe.client}), bearer tokens ({@code spiffe.jwt}), security ({@code spiffe.security}), and health and
 * metrics ({@code management.health.spiffe}).
 */
package dev.spiffeboot.autoconfigure;
