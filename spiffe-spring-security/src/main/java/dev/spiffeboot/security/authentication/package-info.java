/**
 * Who is calling: the {@link dev.spiffeboot.security.authentication.SpiffeAuthentication} of a request (its mTLS
 * peer and its bearer token's principal), how bearer tokens are authenticated and cached, and how a peer's chain is
 * verified. Independent of the web stack.
 */
package dev.spiffeboot.security.authentication;
