package dev.detour.bench.pool;

import dev.detour.core.NamedThreadFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Workers doing borrow, {@code SELECT 1} and return against one data source until stopped,
 * recording each request's time (from a chosen start on) in a histogram. Bounded by {@link #stop()}
 * and by closing the data source (which ends a request stuck on a dead connection).
 */
final class PoolLoad {

  private final DataSource ds;
  private final ExecutorService workers;
  private final long[] inFlightSince;
  private final Histogram latency = new ConcurrentHistogram(3_600_000_000_000L, 3);
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile long recordFrom = Long.MAX_VALUE;
  private volatile boolean stop;
  private volatile String firstError;

  PoolLoad(String name, DataSource ds, int threads) {
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
      boolean failed = false;
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 1")) {
        rs.next();
      } catch (Exception e) {
        failed = true;
        if (firstError == null) {
          firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
      }
      inFlightSince[slot] = 0;
      long end = System.nanoTime();
      if (start >= recordFrom && !stop) {
        latency.recordValue(end - start);
        (failed ? errors : ok).incrementAndGet();
      }
    }
  }

  /** Starts recording now (requests that start from now on). */
  void record() {
    latency.reset();
    ok.set(0);
    errors.set(0);
    firstError = null;
    recordFrom = System.nanoTime();
  }

  /** Stops recording (requests still running are not counted). */
  void pause() {
    recordFrom = Long.MAX_VALUE;
  }

  long ok() {
    return ok.get();
  }

  long errors() {
    return errors.get();
  }

  String firstError() {
    return firstError;
  }

  Histogram latency() {
    return latency.copy();
  }

  int inFlightLongerThan(long nanos) {
    long now = System.nanoTime();
    int n = 0;
    for (long since : inFlightSince) {
      if (since != 0 && now - since > nanos) {
        n++;
      }
    }
    return n;
  }

  void stop() throws InterruptedException {
    stop = true;
    workers.shutdown();
    workers.awaitTermination(30, TimeUnit.SECONDS);
  }

  /**
   * Stops at once, once the figures are read: interrupts the workers, so that one waiting for a
   * connection (plain HikariCP waits out its 30 s connectionTimeout, even after close) ends now;
   * waits for them at most {@code wait}.
   */
  void stopNow(Duration wait) throws InterruptedException {
    stop = true;
    workers.shutdownNow();
    workers.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS);
  }
}
