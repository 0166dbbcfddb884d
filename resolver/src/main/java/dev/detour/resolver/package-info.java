/**
 * Host name resolution for Detour: an ordered, cached, TTL-aware address set that survives DNS
 * outages. Start at {@link dev.detour.resolver.HostResolver}.
 */
package dev.detour.resolver;
