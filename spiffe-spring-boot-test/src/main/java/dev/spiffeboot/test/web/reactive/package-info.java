/**
 * WebTestClient exchanges from SPIFFE callers with real credentials:
 * {@link dev.spiffeboot.test.web.reactive.SpiffeWebTestClientConfigurers}.
 */
package dev.spiffeboot.test.web.reactive;
