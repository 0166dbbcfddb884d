package dev.detour.router.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forgets the hosts nobody has connected to for {@link #IDLE_NANOS} (one hour), so that a router
 * fed many host names (a URL per tenant, a test suite) does not keep each one's health forever. A
 * forgotten host's addresses are retired (their timers cancelled); connecting to it again starts
 * from neutral, as the first connect did.
 *
 * <p>The sweep runs on the connect path, at most once per {@link #SWEEP_EVERY_NANOS} (one minute),
 * and costs one pass over the hosts. Thread-safe.
 */
final class IdleHosts {

  /** How long a host may go without a connect before it is forgotten: one hour. */
  static final long IDLE_NANOS = TimeUnit.HOURS.toNanos(1);

  /** The least time between two sweeps: one minute. */
  static final long SWEEP_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Map<String, Long> lastConnect = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep;

  IdleHosts(long nowNanos) {
    this.lastSweep = new AtomicLong(nowNanos);
  }

  /**
   * Notes a connect to {@code key} (a {@code host:port} of {@code hosts}), then forgets the hosts
   * idle for longer than {@link #IDLE_NANOS}, if the last sweep is a minute old.
   */
  void connected(String key, Map<String, HostEntry> hosts, long nowNanos) {
    lastConnect.put(key, nowNanos);
    long last = lastSweep.get();
    if (nowNanos - last < SWEEP_EVERY_NANOS || !lastSweep.compareAndSet(last, nowNanos)) {
      return;
    }
    for (Map.Entry<String, Long> e : lastConnect.entrySet()) {
      if (nowNanos - e.getValue() > IDLE_NANOS && lastConnect.remove(e.getKey(), e.getValue())) {
        HostEntry gone = hosts.remove(e.getKey());
        if (gone != null) {
          gone.retireAll();
        }
      }
    }
  }
}
