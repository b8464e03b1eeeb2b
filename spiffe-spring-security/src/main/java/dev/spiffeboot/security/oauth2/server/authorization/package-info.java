/**
 * Client authentication for Spring Security's authorization server beyond registered secrets:
 * <ul>
 * <li>JWT-SVIDs as OAuth client credentials, as draft-ietf-oauth-spiffe-client-auth-02 (section 3.1) defines them:
 * the client assertion type {@code urn:ietf:params:oauth:client-assertion-type:jwt-spiffe}, the client
 * authentication method {@code spiffe_jwt}, the JWT-SVID's SPIFFE ID as the client ID;</li>
 * <li>clients never registered, identified by the URL of their client ID metadata document
 * (draft-ietf-oauth-client-id-metadata-document), that authenticate with {@code private_key_jwt} and the document's
 * keys, or with a JWT-SVID of the SPIFFE ID the document names;</li>
 * </ul>
 * and RFC 8707 resource indicators as the audience of the access tokens issued.
 */
package dev.spiffeboot.security.oauth2.server.authorization;
