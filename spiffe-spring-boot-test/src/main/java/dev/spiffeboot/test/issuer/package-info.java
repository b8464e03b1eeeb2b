/**
 * A test key for the token issuers of {@code spiffe.jwt.issuers}:
 * {@link dev.spiffeboot.test.issuer.AutoConfigureTestIssuerKeys}, {@link dev.spiffeboot.test.issuer.TestIssuerKeys}.
 */
package dev.spiffeboot.test.issuer;
