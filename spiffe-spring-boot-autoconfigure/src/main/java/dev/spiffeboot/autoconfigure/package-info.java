/**
 * Spring Boot auto-configuration for SPIFFE. Each sub-package holds one feature: the Workload API sources, the SSL
 * bundle and context, embedded Tomcat mTLS and the refusal of other web servers, HTTP clients, and
 * health and metrics.
 */
package dev.spiffeboot.autoconfigure;
