/**
 * JWTs whose issuer is an OAuth client's client ID metadata document (draft-ietf-oauth-client-id-metadata-document):
 * the allow-list of such issuers, the safe fetching of documents and their keys (SSRF controls, size and time limits,
 * a bounded cache with one fetch per URL at a time), and the verifier of the tokens, whose request principal is the
 * client ID URL.
 */
package dev.spiffeboot.security.clientmetadata;
