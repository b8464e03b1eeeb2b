/**
 * SPIFFE for Spring Security applications: the authentication of a request ({@link SpiffeAuthentication}), the
 * annotations that authorize controllers, and the {@link SpiffeHttpConfigurer} DSL for custom filter chains.
 */
package dev.spiffeboot.security;
