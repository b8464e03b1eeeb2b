/**
 * A real SPIFFE Workload API for Spring tests: {@link dev.spiffeboot.test.agent.AutoConfigureSpiffeTestAgent}
 * starts a dev agent per application context, {@link dev.spiffeboot.test.agent.SpiffeTestAgent} controls it and
 * mints SVIDs of other workloads.
 */
package dev.spiffeboot.test.agent;
