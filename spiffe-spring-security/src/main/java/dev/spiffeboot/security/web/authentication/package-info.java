/**
 * The servlet filters and resolver that authenticate a request by its mTLS peer and its bearer token.
 */
package dev.spiffeboot.security.web.authentication;
