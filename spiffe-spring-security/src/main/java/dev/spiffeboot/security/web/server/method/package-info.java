/**
 * WebFlux controller parameters bound to the caller's SPIFFE identities.
 */
package dev.spiffeboot.security.web.server.method;
