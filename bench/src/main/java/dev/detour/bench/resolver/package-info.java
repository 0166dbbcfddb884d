/**
 * JMH benchmark of the resolver's cached path against the JVM's cached {@code
 * InetAddress.getAllByName}. Run it with {@link dev.detour.bench.resolver.ResolverBenchMain}.
 */
package dev.detour.bench.resolver;
