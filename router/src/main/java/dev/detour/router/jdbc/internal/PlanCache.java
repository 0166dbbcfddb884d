package dev.detour.router.jdbc.internal;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validated {@linkplain DriverRequest.Plan plans} by URL and {@linkplain DriverRequest#settings
 * settings}, so that the repeated connects of a pool skip parsing the URL and validating its
 * settings. A plan depends on nothing else, so a cached one is exactly what a fresh one would be.
 * Failures are not cached. Holds at most {@value #MAX_ENTRIES} plans and starts over when full.
 * Thread-safe.
 */
public final class PlanCache {

  /** How many distinct URL and settings pairs are kept. */
  static final int MAX_ENTRIES = 256;

  /**
   * The key; its text is never printed (the URL may carry a password). {@code equals} and {@code
   * hashCode} are written out: a record's generated ones are linked through {@code ObjectMethods}
   * on first use, which costs a cold JVM's first connect tens of milliseconds of method-handle
   * setup.
   */
  private record Key(String url, Map<String, String> settings) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(url, k.url)
          && Objects.equals(settings, k.settings);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(url) + Objects.hashCode(settings);
    }

    @Override
    public String toString() {
      return "PlanCache.Key";
    }
  }

  private final Map<Key, DriverRequest.Plan> plans = new ConcurrentHashMap<>();

  /** Returns the plan of {@code url} with {@code settings}, if one is kept. */
  public DriverRequest.Plan get(String url, Map<String, String> settings) {
    return plans.get(new Key(url, settings));
  }

  /** Keeps {@code plan}, made from {@code url} and {@code settings}. */
  public void put(String url, Map<String, String> settings, DriverRequest.Plan plan) {
    if (plans.size() >= MAX_ENTRIES) {
      plans.clear();
    }
    plans.put(new Key(url, Map.copyOf(settings)), plan);
  }

  /** Returns how many plans are kept. */
  public int size() {
    return plans.size();
  }
}
