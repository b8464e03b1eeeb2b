/**
 * Validation of bearer tokens: JWT-SVIDs with the Workload API's JWT bundles or by its {@code ValidateJWTSVID}, and
 * the JWTs of other issuers with their published keys.
 */
package dev.spiffeboot.security.jwt;
