/**
 * SPIFFE for Spring Security applications: the authentication of a request ({@link SpiffeAuthentication}) and the
 * annotations that authorize controllers. Custom filter chains get the SPIFFE authentication from
 * {@code dev.spiffeboot.autoconfigure.security.SpiffeHttpConfigurer}.
 */
package dev.spiffeboot.security;
