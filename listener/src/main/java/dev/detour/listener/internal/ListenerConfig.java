package dev.detour.listener.internal;

import dev.detour.listener.OverflowPolicy;
import java.time.Duration;

/**
 * The validated knobs of one listener (see the builder for their meaning and ranges). Immutable.
 *
 * @param heartbeatEnabled whether the heartbeat query runs
 * @param heartbeatInterval time between heartbeats
 * @param heartbeatTimeout socket read timeout of every statement on the connection
 * @param pollInterval the longest single wait for notifications (how soon a subscribe is seen)
 * @param queueCapacity the dispatch queue's capacity
 * @param overflowPolicy what to do when it is full
 * @param reconnectInitialDelay the first backoff delay
 * @param reconnectMaxDelay the largest backoff delay
 * @param reconnectMultiplier the backoff growth factor
 * @param reconnectJitter the backoff jitter factor
 * @param reconnectResetAfter healthy time after which the backoff resets
 * @param startTimeout the bound of {@code start()}
 * @param selfCheck whether {@code start()} checks that a notification comes back
 */
public record ListenerConfig(
    boolean heartbeatEnabled,
    Duration heartbeatInterval,
    Duration heartbeatTimeout,
    Duration pollInterval,
    int queueCapacity,
    OverflowPolicy overflowPolicy,
    Duration reconnectInitialDelay,
    Duration reconnectMaxDelay,
    double reconnectMultiplier,
    double reconnectJitter,
    Duration reconnectResetAfter,
    Duration startTimeout,
    boolean selfCheck) {}
