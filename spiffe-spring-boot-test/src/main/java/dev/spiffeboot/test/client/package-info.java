/**
 * Clients that call the running application under test over SPIFFE mTLS:
 * {@link dev.spiffeboot.test.client.SpiffeTestClients}.
 */
package dev.spiffeboot.test.client;
