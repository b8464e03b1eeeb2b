/**
 * The servlet side: how a request's peer and bearer token are found, and the 401 answer.
 */
package dev.spiffeboot.security.web;
