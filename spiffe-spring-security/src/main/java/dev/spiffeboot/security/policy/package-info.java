/**
 * Declarative request authorization with the semantics of Istio's AuthorizationPolicy, independent of the web stack.
 */
package dev.spiffeboot.security.policy;
