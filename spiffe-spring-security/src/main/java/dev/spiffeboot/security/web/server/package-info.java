/**
 * The reactive (WebFlux) side, twin of {@link dev.spiffeboot.security.web}: how an exchange's peer and bearer token
 * are found, and the 401 answer.
 */
package dev.spiffeboot.security.web.server;
