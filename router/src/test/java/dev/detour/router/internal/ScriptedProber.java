package dev.detour.router.internal;

import dev.detour.testkit.FakeClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A {@link Prober} on virtual time: each address is scripted healthy or not (default: not). */
final class ScriptedProber implements Prober {

  private final FakeClock clock;
  private final Map<InetSocketAddress, Boolean> healthy = new ConcurrentHashMap<>();
  private final Set<InetSocketAddress> refusing = ConcurrentHashMap.newKeySet();
  private final Map<InetSocketAddress, Duration> answerAfter = new ConcurrentHashMap<>();
  final List<InetSocketAddress> probes = new ArrayList<>();
  final List<Boolean> sslRequests = new ArrayList<>();

  ScriptedProber(FakeClock clock) {
    this.clock = clock;
  }

  void healthy(InetSocketAddress address, boolean ok) {
    healthy.put(address, ok);
  }

  /** Makes a healthy {@code address} answer its probes after {@code delay} (default 5 ms). */
  void answersAfter(InetSocketAddress address, Duration delay) {
    answerAfter.put(address, delay);
  }

  /** Makes probes of {@code address} fail at once with a refusal (1 ms). */
  void refuses(InetSocketAddress address) {
    refusing.add(address);
  }

  @Override
  public synchronized void probe(
      InetSocketAddress address, long timeoutNanos, boolean sslRequest, Callback callback) {
    probes.add(address);
    sslRequests.add(sslRequest);
    boolean ok = healthy.getOrDefault(address, false);
    if (refusing.contains(address)) {
      clock.schedule(
          () -> callback.done(false, false, "refused"),
          Duration.ofMillis(1).toNanos(),
          TimeUnit.NANOSECONDS);
    } else if (ok) {
      clock.schedule(
          () -> callback.done(true, false, "answered N to SSLRequest"),
          answerAfter.getOrDefault(address, Duration.ofMillis(5)).toNanos(),
          TimeUnit.NANOSECONDS);
    } else {
      clock.schedule(
          () -> callback.done(false, true, "timed out"), timeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  synchronized long probesOf(InetSocketAddress address) {
    return probes.stream().filter(address::equals).count();
  }
}
