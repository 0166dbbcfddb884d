package dev.detour.listener.micrometer;

import dev.detour.listener.ListenerMetrics;
import dev.detour.listener.ListenerState;
import dev.detour.listener.Resync;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a listener's events as Micrometer meters named {@code detour.listener.*}. Pass it to
 * {@code DetourListener.builder().metrics(...)}. This package is the only place that touches
 * Micrometer, an optional dependency: nothing here loads unless used.
 *
 * <p>Meters (tags in brackets):
 *
 * <ul>
 *   <li>{@value #STATE}: gauge, 1 for the current state and 0 for the others [state]
 *   <li>{@value #CONNECTS}: counter of connections opened and listening
 *   <li>{@value #DISCONNECTS}: counter [cause = {@code admin_shutdown}, {@code timeout}, {@code
 *       io}, {@code server}, {@code fatal}]
 *   <li>{@value #RESYNCS}: counter [reason]; {@value #GAP}: timer of RECONNECTED gaps
 *   <li>{@value #HEARTBEAT}: timer of heartbeat round trips; {@value #QUEUE_USAGE}: gauge of the
 *       server's {@code pg_notification_queue_usage()}, sampled with the heartbeat
 *   <li>{@value #RECEIVED}, {@value #DELIVERED}, {@value #DROPPED}: counters of notifications;
 *       {@value #HANDLER_ERRORS}: counter of handler exceptions
 *   <li>{@value #QUEUE_SIZE}: gauge of the dispatch queue; {@value #HANDLER}: timer of handler
 *       calls
 * </ul>
 *
 * <p>Channel names are not used as tags (unbounded cardinality). Thread-safe.
 */
public final class MicrometerListenerMetrics implements ListenerMetrics {

  /** Gauge: 1 for the current state [state]. */
  public static final String STATE = "detour.listener.state";

  /** Counter: connections opened and listening. */
  public static final String CONNECTS = "detour.listener.connects";

  /** Counter: connections lost [cause]. */
  public static final String DISCONNECTS = "detour.listener.disconnects";

  /** Counter: resyncs delivered [reason]. */
  public static final String RESYNCS = "detour.listener.resyncs";

  /** Timer: the gap of RECONNECTED resyncs. */
  public static final String GAP = "detour.listener.resync.gap";

  /** Timer: heartbeat round trips. */
  public static final String HEARTBEAT = "detour.listener.heartbeat";

  /** Gauge: the server's notification queue usage, from 0 to 1. */
  public static final String QUEUE_USAGE = "detour.listener.server.queue.usage";

  /** Counter: notifications received. */
  public static final String RECEIVED = "detour.listener.notifications.received";

  /** Counter: notifications delivered to handlers. */
  public static final String DELIVERED = "detour.listener.notifications.delivered";

  /** Counter: notifications dropped by the overflow policy. */
  public static final String DROPPED = "detour.listener.notifications.dropped";

  /** Counter: handler exceptions. */
  public static final String HANDLER_ERRORS = "detour.listener.handler.errors";

  /** Gauge: notifications waiting for their handlers. */
  public static final String QUEUE_SIZE = "detour.listener.queue.size";

  /** Timer: handler calls. */
  public static final String HANDLER = "detour.listener.handler";

  private static final String[] STATES = {
    "connecting", "connected", "disconnected", "reconnecting", "failed", "closed"
  };

  private final MeterRegistry registry;
  private final AtomicInteger state = new AtomicInteger();
  private final AtomicInteger queueSize = new AtomicInteger();
  private final AtomicLong queueUsageBits = new AtomicLong(Double.doubleToLongBits(0));
  private final Counter connects;
  private final Counter received;
  private final Counter delivered;
  private final Counter handlerErrors;
  private final Timer heartbeat;
  private final Timer handler;
  private final Timer gap;

  private MicrometerListenerMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (int i = 0; i < STATES.length; i++) {
      int index = i;
      Gauge.builder(STATE, state, s -> s.get() == index ? 1 : 0)
          .tag("state", STATES[i])
          .register(registry);
    }
    Gauge.builder(QUEUE_SIZE, queueSize, AtomicInteger::get).register(registry);
    Gauge.builder(QUEUE_USAGE, queueUsageBits, b -> Double.longBitsToDouble(b.get()))
        .register(registry);
    connects = registry.counter(CONNECTS);
    received = registry.counter(RECEIVED);
    delivered = registry.counter(DELIVERED);
    handlerErrors = registry.counter(HANDLER_ERRORS);
    heartbeat = registry.timer(HEARTBEAT);
    handler = registry.timer(HANDLER);
    gap = registry.timer(GAP);
  }

  /**
   * Returns metrics that register their meters in {@code registry}.
   *
   * @param registry the registry
   * @return the metrics sink
   */
  public static MicrometerListenerMetrics of(MeterRegistry registry) {
    return new MicrometerListenerMetrics(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public void stateChanged(ListenerState s) {
    int index;
    if (s instanceof ListenerState.Connecting) {
      index = 0;
    } else if (s instanceof ListenerState.Connected) {
      index = 1;
    } else if (s instanceof ListenerState.Disconnected) {
      index = 2;
    } else if (s instanceof ListenerState.Reconnecting) {
      index = 3;
    } else if (s instanceof ListenerState.Failed) {
      index = 4;
    } else {
      index = 5;
    }
    state.set(index);
  }

  @Override
  public void connected(InetSocketAddress address) {
    connects.increment();
  }

  @Override
  public void disconnected(String cause) {
    registry.counter(DISCONNECTS, "cause", cause).increment();
  }

  @Override
  public void resync(Resync.Reason reason, long gapNanos) {
    registry.counter(RESYNCS, "reason", reason.name().toLowerCase(Locale.ROOT)).increment();
    if (reason == Resync.Reason.RECONNECTED) {
      gap.record(gapNanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void heartbeat(long roundTripNanos, double queueUsage) {
    heartbeat.record(roundTripNanos, TimeUnit.NANOSECONDS);
    queueUsageBits.set(Double.doubleToLongBits(queueUsage));
  }

  @Override
  public void received(String channel) {
    received.increment();
  }

  @Override
  public void delivered(String channel, long handlerNanos, boolean failed) {
    delivered.increment();
    handler.record(handlerNanos, TimeUnit.NANOSECONDS);
    if (failed) {
      handlerErrors.increment();
    }
  }

  @Override
  public void dropped(String channel, long count) {
    registry.counter(DROPPED).increment(count);
  }

  @Override
  public void queueSize(int size) {
    queueSize.set(size);
  }
}
