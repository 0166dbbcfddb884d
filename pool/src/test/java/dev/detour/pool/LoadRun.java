package dev.detour.pool;

import dev.detour.core.NamedThreadFactory;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Workers that borrow, run {@code SELECT 1} and return, in a loop, against one data source, and
 * record every request: start, duration, and the error if it failed. Bounded: {@link #stop()} ends
 * the loop; a worker stuck in a request ends when its data source is closed.
 */
final class LoadRun {

  /** One request. */
  record Request(long startNanos, long nanos, String error) {
    boolean failed() {
      return error != null;
    }
  }

  private final DataSource ds;
  private final ExecutorService workers;
  private final long[] inFlightSince;
  private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
  private final AtomicLong ok = new AtomicLong();
  private volatile boolean stop;

  LoadRun(String name, DataSource ds, int threads) {
    this.ds = ds;
    this.inFlightSince = new long[threads];
    this.workers = Executors.newFixedThreadPool(threads, new NamedThreadFactory(name));
    for (int i = 0; i < threads; i++) {
      int slot = i;
      workers.execute(() -> loop(slot));
    }
  }

  private void loop(int slot) {
    while (!stop) {
      long start = System.nanoTime();
      inFlightSince[slot] = start;
      String error = null;
      try (Connection c = ds.getConnection()) {
        PoolFixture.selectOne(c);
        ok.incrementAndGet();
      } catch (Exception e) {
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      inFlightSince[slot] = 0;
      requests.add(new Request(start, System.nanoTime() - start, error));
    }
  }

  /** Returns how many requests succeeded. */
  long ok() {
    return ok.get();
  }

  /**
   * Returns how many requests, at {@code nowNanos}, have been in flight longer than {@code nanos}.
   */
  int inFlightLongerThan(long nowNanos, long nanos) {
    int n = 0;
    for (long since : inFlightSince) {
      if (since != 0 && nowNanos - since > nanos) {
        n++;
      }
    }
    return n;
  }

  /** Returns every finished request. */
  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  void stop() {
    stop = true;
  }

  /** Waits up to {@code seconds} for the workers to end; returns whether they did. */
  boolean awaitEnd(int seconds) throws InterruptedException {
    workers.shutdown();
    return workers.awaitTermination(seconds, TimeUnit.SECONDS);
  }
}
