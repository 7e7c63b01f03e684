/**
 * Registry-based discovery (the paper's evaluated design), sans-I/O: the {@code
 * /ap2p/registry/1.0.0} messages and their codec, the registry ({@link
 * io.ap2p.core.discovery.registry.RegistryServer}) over a soft-state table with per-identity quotas
 * and rate limits, and the provider side ({@link
 * io.ap2p.core.discovery.registry.RegistryPublisher}) that keeps descriptors alive.
 */
package io.ap2p.core.discovery.registry;
