/**
 * The Micrometer adapter of the resolver's events: {@link
 * dev.detour.resolver.micrometer.MicrometerResolverMetrics}. Needs micrometer-core on the class
 * path (an optional dependency).
 */
package dev.detour.resolver.micrometer;
