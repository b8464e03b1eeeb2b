/**
 * OAuth between services: what both sides share. The client side is {@link dev.spiffeboot.security.oauth2.client},
 * the resource's own token endpoint {@link dev.spiffeboot.security.oauth2.server.token}.
 */
package dev.spiffeboot.security.oauth2;
