/**
 * Servlet request authorization: the declarative policy as an {@code AuthorizationManager}, and the 403 answer.
 */
package dev.spiffeboot.security.web.access;
