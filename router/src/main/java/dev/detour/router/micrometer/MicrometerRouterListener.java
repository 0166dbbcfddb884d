package dev.detour.router.micrometer;

import dev.detour.router.AddressHealth;
import dev.detour.router.AttemptOutcome;
import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.Router;
import dev.detour.router.RouterEventListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a router's events as Micrometer meters named {@code detour.router.*}, and each physical
 * connect as a Micrometer {@link Observation} named {@value #OBSERVATION} (a span, for
 * micrometer-tracing users).
 *
 * <p>Register it with {@code Router.builder().listener(...)} or {@code router.addListener(...)}.
 * This package is the only place that touches Micrometer, which is an optional dependency: nothing
 * here loads unless used.
 *
 * <p>Meters (tags in brackets):
 *
 * <ul>
 *   <li>{@value #CONNECTS}: timer of the TCP phase of each connect [host, outcome = {@code
 *       connected}, {@code failed}, {@code fast_fail}]
 *   <li>{@value #ATTEMPTS}: timer of each TCP attempt [host, address, outcome = the lower-case
 *       {@link AttemptOutcome.Result}]
 *   <li>{@value #FAST_FAILS}: counter [host]
 *   <li>{@value #BREAKER_TRANSITIONS}: counter [address, state = the new state]
 *   <li>{@value #PROBES}: counter [address, outcome = {@code healthy}, {@code unhealthy}]
 *   <li>{@value #HANDSHAKES}: counter of connections after TCP [host, address, outcome = {@code
 *       ready}, {@code failed}]
 *   <li>{@value #ADDRESSES_REMOVED}: counter of addresses DNS stopped listing [host]
 * </ul>
 *
 * <p>The observation has low-cardinality keys {@code host} and {@code outcome}, and
 * high-cardinality keys {@code address} (the chosen one) and {@code attempts}. Thread-safe.
 */
public final class MicrometerRouterListener implements RouterEventListener {

  /** Timer: the TCP phase of each physical connect. */
  public static final String CONNECTS = "detour.router.connects";

  /** Timer: each TCP attempt. */
  public static final String ATTEMPTS = "detour.router.attempts";

  /** Counter: connects that failed fast because every address was open. */
  public static final String FAST_FAILS = "detour.router.fast.fails";

  /** Counter: breaker transitions. */
  public static final String BREAKER_TRANSITIONS = "detour.router.breaker.transitions";

  /** Counter: background probe results. */
  public static final String PROBES = "detour.router.probes";

  /** Counter: connections marked ready, or failed after TCP (caller report or watchdog). */
  public static final String HANDSHAKES = "detour.router.handshakes";

  /** Counter: addresses removed from DNS. */
  public static final String ADDRESSES_REMOVED = "detour.router.addresses.removed";

  /** Gauge: addresses of a host per breaker state (only with {@link #bind}). */
  public static final String ADDRESSES = "detour.router.addresses";

  /** Observation name of one physical connect. */
  public static final String OBSERVATION = "detour.router.connect";

  private final MeterRegistry meters;
  private final ObservationRegistry observations;
  private final ThreadLocal<ArrayDeque<Observation>> current =
      ThreadLocal.withInitial(ArrayDeque::new);
  private final Router router;
  private final Set<String> gauged = ConcurrentHashMap.newKeySet();

  /**
   * Publishes meters only (no observations).
   *
   * @param meters the registry of the meters
   */
  public MicrometerRouterListener(MeterRegistry meters) {
    this(meters, ObservationRegistry.NOOP);
  }

  /**
   * Publishes meters and an observation per physical connect.
   *
   * @param meters the registry of the meters
   * @param observations the registry of the observations
   */
  public MicrometerRouterListener(MeterRegistry meters, ObservationRegistry observations) {
    this(meters, observations, null);
  }

  private MicrometerRouterListener(
      MeterRegistry meters, ObservationRegistry observations, Router router) {
    this.meters = Objects.requireNonNull(meters, "meters");
    this.observations = Objects.requireNonNull(observations, "observations");
    this.router = router;
  }

  /**
   * Registers a listener on {@code router} that also publishes {@value #ADDRESSES} gauges (tags
   * host, state = {@code closed}, {@code open}, {@code half_open}) for every host it connects to.
   *
   * @param router the router to listen to
   * @param meters the registry of the meters
   * @param observations the registry of the observations
   * @return a handle whose {@code close()} removes the listener (gauges stay registered)
   */
  public static AutoCloseable bind(
      Router router, MeterRegistry meters, ObservationRegistry observations) {
    Objects.requireNonNull(router, "router");
    return router.addListener(new MicrometerRouterListener(meters, observations, router));
  }

  @Override
  public void connectStart(String host, int port) {
    if (router != null && gauged.add(host + ":" + port)) {
      for (AddressHealth.State state : AddressHealth.State.values()) {
        Gauge.builder(
                ADDRESSES,
                router,
                r -> r.health(host, port).stream().filter(h -> h.state() == state).count())
            .description("addresses of a host per breaker state")
            .tag("host", host)
            .tag("state", state.name().toLowerCase(Locale.ROOT))
            .register(meters);
      }
    }
    Observation o =
        Observation.createNotStarted(OBSERVATION, observations)
            .lowCardinalityKeyValue("host", host)
            .contextualName("detour connect " + host + ":" + port)
            .start();
    current.get().push(o);
  }

  @Override
  public void connectEnd(
      String host,
      int port,
      Optional<InetSocketAddress> chosen,
      List<AttemptOutcome> attempts,
      Throwable failure,
      long elapsedNanos) {
    String outcome =
        failure == null
            ? "connected"
            : failure instanceof NoHealthyAddressException n && n.isFastFail()
                ? "fast_fail"
                : "failed";
    Timer.builder(CONNECTS)
        .description("TCP phase of each physical connect")
        .tag("host", host)
        .tag("outcome", outcome)
        .register(meters)
        .record(elapsedNanos, TimeUnit.NANOSECONDS);
    ArrayDeque<Observation> stack = current.get();
    Observation o = stack.poll();
    if (stack.isEmpty()) {
      current.remove();
    }
    if (o == null) {
      return;
    }
    o.lowCardinalityKeyValue("outcome", outcome);
    o.highCardinalityKeyValue("attempts", Integer.toString(attempts.size()));
    chosen.ifPresent(a -> o.highCardinalityKeyValue("address", format(a)));
    if (failure != null) {
      o.error(failure);
    }
    o.stop();
  }

  @Override
  public void attemptEnd(String host, AttemptOutcome outcome) {
    Timer.builder(ATTEMPTS)
        .description("each TCP attempt of a connect")
        .tag("host", host)
        .tag("address", format(outcome.address()))
        .tag("outcome", outcome.result().name().toLowerCase(Locale.ROOT))
        .register(meters)
        .record(outcome.durationNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void fastFail(String host, int port, NoHealthyAddressException exception) {
    Counter.builder(FAST_FAILS)
        .description("connects failed at once because every address was open")
        .tag("host", host)
        .register(meters)
        .increment();
  }

  @Override
  public void breakerTransition(
      InetSocketAddress address, AddressHealth.State from, AddressHealth.State to, String reason) {
    Counter.builder(BREAKER_TRANSITIONS)
        .description("per-address breaker transitions")
        .tag("address", format(address))
        .tag("state", to.name().toLowerCase(Locale.ROOT))
        .register(meters)
        .increment();
  }

  @Override
  public void probeResult(
      InetSocketAddress address, boolean healthy, long durationNanos, String detail) {
    Counter.builder(PROBES)
        .description("background probe results")
        .tag("address", format(address))
        .tag("outcome", healthy ? "healthy" : "unhealthy")
        .register(meters)
        .increment();
  }

  @Override
  public void connectionReady(String host, InetSocketAddress address, long elapsedNanos) {
    handshake(host, address, "ready");
  }

  @Override
  public void connectionFailed(String host, InetSocketAddress address, String reason) {
    handshake(host, address, "failed");
  }

  private void handshake(String host, InetSocketAddress address, String outcome) {
    Counter.builder(HANDSHAKES)
        .description("connections after TCP: marked ready, or failed")
        .tag("host", host)
        .tag("address", format(address))
        .tag("outcome", outcome)
        .register(meters)
        .increment();
  }

  @Override
  public void addressesRemoved(String host, int port, List<InetSocketAddress> removed) {
    Counter.builder(ADDRESSES_REMOVED)
        .description("addresses that DNS stopped listing")
        .tag("host", host)
        .register(meters)
        .increment(removed.size());
  }

  private static String format(InetSocketAddress a) {
    return a.getAddress() == null
        ? a.getHostString() + ":" + a.getPort()
        : a.getAddress().getHostAddress() + ":" + a.getPort();
  }
}
