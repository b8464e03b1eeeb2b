/**
 * This workload as an OAuth client: JWTs it signs with its X509-SVID's key as the client named by its client ID
 * metadata document, the document and JWK Set it publishes, and the RestClient and WebClient parts that send them.
 */
package dev.spiffeboot.security.oauth2.client;
