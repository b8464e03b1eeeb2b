/**
 * SPIFFE for outgoing HTTP calls: mTLS or TLS that checks the server's SPIFFE ID, and JWT-SVID bearer tokens, for
 * {@code RestClient} and {@code WebClient} builders.
 */
package dev.spiffeboot.security.client;
