/**
 * MockMvc requests from SPIFFE callers with real credentials:
 * {@link dev.spiffeboot.test.web.servlet.SpiffeMockMvcRequestPostProcessors}.
 */
package dev.spiffeboot.test.web.servlet;
