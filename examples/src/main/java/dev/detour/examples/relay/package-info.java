/**
 * The relay-api sample service: the incident's endpoints on {@code DetourDataSource}, a job-queue
 * worker on {@code DetourListener} with a resync sweep, health, metrics and reset endpoints. Run it
 * with {@link dev.detour.examples.relay.RelayApi}.
 */
package dev.detour.examples.relay;
