/**
 * The annotations that authorize controller (and other bean) methods by the caller's SPIFFE identity, and bind the
 * caller's identities to controller parameters.
 */
package dev.spiffeboot.security.annotation;
