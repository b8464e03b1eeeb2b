/**
 * The WebFlux side of OAuth between services, twin of {@link dev.spiffeboot.security.web.oauth2}.
 */
package dev.spiffeboot.security.web.server.oauth2;
