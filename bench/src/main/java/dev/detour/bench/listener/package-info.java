/** Scenario benchmarks of the Detour listener: delivery latency and reconnect time. */
package dev.detour.bench.listener;
