package dev.detour.examples.replay;

import dev.detour.core.NamedThreadFactory;
import dev.detour.examples.relay.Endpoint;
import dev.detour.examples.relay.RelaySchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The relay-api-shaped request load on one stack: {@code workers} threads, each borrowing a
 * connection, running one endpoint's query and pausing {@code think} before the next request.
 *
 * <p>Workers are daemon threads. {@link #stop()} asks them to finish and does not wait: a worker
 * stuck in a blocking call (the baseline's stalled reads) is left behind and reported as hung.
 */
final class Workload {

  private final Stack stack;
  private final StackRecorder recorder;
  private final int workers;
  private final long thinkNanos;
  private final long seed;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  Workload(Stack stack, StackRecorder recorder, int workers, Duration think, long seed) {
    this.stack = stack;
    this.recorder = recorder;
    this.workers = workers;
    this.thinkNanos = think.toNanos();
    this.seed = seed;
  }

  void start() {
    running = true;
    NamedThreadFactory factory = new NamedThreadFactory("replay-" + stack.name() + "-worker");
    for (int i = 0; i < workers; i++) {
      SplittableRandom random = new SplittableRandom(seed * 1_000 + i);
      Thread t = factory.newThread(() -> loop(random));
      threads.add(t);
      t.start();
    }
  }

  void stop() {
    running = false;
    threads.forEach(LockSupport::unpark);
  }

  private void loop(SplittableRandom random) {
    while (running) {
      request(Endpoint.pick(random), 1 + random.nextInt(RelaySchema.USERS));
      if (running && thinkNanos > 0) {
        LockSupport.parkNanos(thinkNanos);
      }
    }
  }

  private void request(Endpoint endpoint, int user) {
    long token = recorder.begin();
    long start = recorder.now();
    Connection c;
    try {
      c = stack.borrow();
    } catch (SQLException e) {
      recorder.end(token, stack.classifyBorrowFailure(e, recorder.now() - start), text(e));
      return;
    } catch (RuntimeException e) {
      recorder.end(token, FailureKind.CONNECT, text(e));
      return;
    }
    try (c) {
      endpoint.run(c, user);
      recorder.end(token, null, null);
    } catch (SQLException | RuntimeException e) {
      recorder.end(token, FailureKind.QUERY, text(e));
    }
  }

  static String text(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.length() > 300 ? m.substring(0, 300) + " ..." : m;
  }
}
