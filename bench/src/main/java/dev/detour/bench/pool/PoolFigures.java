package dev.detour.bench.pool;

import org.HdrHistogram.Histogram;

/**
 * What one client did in one {@link PoolBench} scenario.
 *
 * @param client the client's name
 * @param ok requests that succeeded
 * @param errors requests that failed
 * @param seconds the recorded time
 * @param latencyNanos every recorded request's time, in nanoseconds
 * @param hungAtEnd requests in flight for more than 5 s when recording stopped
 * @param firstError the first error's text, or null
 */
public record PoolFigures(
    String client,
    long ok,
    long errors,
    double seconds,
    Histogram latencyNanos,
    int hungAtEnd,
    String firstError) {

  /**
   * Successful requests per second.
   *
   * @return the throughput
   */
  public double opsPerSecond() {
    return ok / seconds;
  }
}
