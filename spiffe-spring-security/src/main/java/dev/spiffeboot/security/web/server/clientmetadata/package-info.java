/**
 * The WebFlux side of publishing this application's client ID metadata document and JWK Set.
 */
package dev.spiffeboot.security.web.server.clientmetadata;
