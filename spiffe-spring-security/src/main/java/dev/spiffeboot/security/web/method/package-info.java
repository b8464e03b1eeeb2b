/**
 * Spring MVC controller parameters bound to the caller's SPIFFE identities.
 */
package dev.spiffeboot.security.web.method;
