/**
 * SPIFFE TLS for Netty: {@code SslContext}s on the SPIFFE key and trust managers. Needs {@code io.netty:netty-handler},
 * which the core does not bring.
 */
package dev.spiffeboot.tls.netty;
