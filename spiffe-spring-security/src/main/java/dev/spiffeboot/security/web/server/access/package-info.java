/**
 * Reactive request authorization: the declarative policy as a {@code ReactiveAuthorizationManager}, and the 403
 * answer.
 */
package dev.spiffeboot.security.web.server.access;
