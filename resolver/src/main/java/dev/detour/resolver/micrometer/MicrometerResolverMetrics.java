package dev.detour.resolver.micrometer;

import dev.detour.resolver.LookupOutcome;
import dev.detour.resolver.QueryResult;
import dev.detour.resolver.ResolverEventListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes a resolver's events as Micrometer meters: the {@code detour.resolver.*} metrics.
 *
 * <p>Pass one instance per resolver to {@code HostResolverBuilder.eventListener(...)}. Micrometer
 * is an optional dependency of the resolver; this class is the only one that needs it, and it is
 * loaded only when used. Thread-safe. Meters are cached, so a cache hit allocates nothing.
 *
 * <ul>
 *   <li>{@value #LOOKUPS}: counter, tags {@code host}, {@code outcome} ({@link LookupOutcome});
 *   <li>{@value #QUERY_DURATION}: timer, tags {@code type}, {@code server}, {@code result} ({@link
 *       QueryResult});
 *   <li>{@value #CACHE_SIZE}: gauge, the number of cached host names.
 * </ul>
 */
public final class MicrometerResolverMetrics implements ResolverEventListener {

  /** The counter of lookups, tagged {@code host} and {@code outcome}. */
  public static final String LOOKUPS = "detour.resolver.lookups";

  /** The timer of DNS queries, tagged {@code type}, {@code server} and {@code result}. */
  public static final String QUERY_DURATION = "detour.resolver.query.duration";

  /** The gauge of cached host names. */
  public static final String CACHE_SIZE = "detour.resolver.cache.size";

  private final MeterRegistry registry;
  private final AtomicInteger cacheSize = new AtomicInteger();
  private final ConcurrentHashMap<String, Counter[]> lookups = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> queries = new ConcurrentHashMap<>();

  /**
   * Registers the meters in {@code registry}.
   *
   * @param registry the registry to register the meters in
   */
  public MicrometerResolverMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    Gauge.builder(CACHE_SIZE, cacheSize, AtomicInteger::get)
        .description("Host names in the resolver cache")
        .register(registry);
  }

  @Override
  public void lookupEnd(String host, LookupOutcome outcome, long durationNanos) {
    Counter[] counters = lookups.get(host);
    if (counters == null) {
      counters = lookups.computeIfAbsent(host, this::newCounters);
    }
    counters[outcome.ordinal()].increment();
  }

  @Override
  public void queryEnd(
      String host, String type, InetSocketAddress server, long durationNanos, QueryResult result) {
    String server1 = server.getAddress().getHostAddress() + ":" + server.getPort();
    String key = type + '|' + server1 + '|' + result;
    Timer timer =
        queries.computeIfAbsent(
            key,
            k ->
                Timer.builder(QUERY_DURATION)
                    .description("DNS queries by type, server and result")
                    .tag("type", type)
                    .tag("server", server1)
                    .tag("result", result.name())
                    .register(registry));
    timer.record(durationNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void cacheSize(int entries) {
    cacheSize.set(entries);
  }

  private Counter[] newCounters(String host) {
    LookupOutcome[] outcomes = LookupOutcome.values();
    Counter[] counters = new Counter[outcomes.length];
    for (LookupOutcome outcome : outcomes) {
      counters[outcome.ordinal()] =
          Counter.builder(LOOKUPS)
              .description("Resolver lookups by host and outcome")
              .tag("host", host)
              .tag("outcome", outcome.name())
              .register(registry);
    }
    return counters;
  }
}
