/**
 * JWT-SVIDs as OAuth client credentials for Spring Security's authorization server, as
 * draft-ietf-oauth-spiffe-client-auth-02 (section 3.1) defines them: the client assertion type
 * {@code urn:ietf:params:oauth:client-assertion-type:jwt-spiffe}, the client authentication method
 * {@code spiffe_jwt}, the JWT-SVID's SPIFFE ID as the client ID, and RFC 8707 resource indicators as the audience of
 * the access tokens issued.
 */
package dev.spiffeboot.security.oauth2.server.authorization;
