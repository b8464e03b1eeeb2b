/**
 * The servlet side of OAuth between services: the public documents (client ID metadata, JWK Sets, authorization
 * server metadata) and the resource's own token endpoint.
 */
package dev.spiffeboot.security.web.oauth2;
