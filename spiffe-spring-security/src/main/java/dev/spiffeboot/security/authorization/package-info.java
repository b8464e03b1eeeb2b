/**
 * Method authorization by the SPIFFE annotations, its expression root, and decisions that say why.
 */
package dev.spiffeboot.security.authorization;
