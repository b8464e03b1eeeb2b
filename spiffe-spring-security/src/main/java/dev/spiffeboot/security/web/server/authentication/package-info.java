/**
 * The reactive filter and resolver that authenticate an exchange by its mTLS peer and its bearer token.
 */
package dev.spiffeboot.security.web.server.authentication;
