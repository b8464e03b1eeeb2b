/**
 * The {@code HttpSecurity} DSL that brings SPIFFE authentication into a servlet filter chain.
 */
package dev.spiffeboot.security.config;
