/**
 * The service as an OAuth 2.0 protected resource (RFC 9728): its identifier, its authorization servers, where its
 * metadata document is served and what it says. Independent of the web stack; the servlet and reactive filters that
 * serve the document are {@link dev.spiffeboot.security.web.ResourceMetadataFilter} and
 * {@link dev.spiffeboot.security.web.server.ResourceMetadataWebFilter}.
 */
package dev.spiffeboot.security.resource;
