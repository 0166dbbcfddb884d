package dev.detour.bench.suite;

import dev.detour.bench.peers.Attempt;
import dev.detour.bench.peers.ConnectPeer;
import dev.detour.bench.peers.LabTarget;
import dev.detour.core.NamedThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The two ways the suite runs its clients against one fault shape.
 *
 * <ul>
 *   <li>{@link #interleaved}: one connect at a time, every client once per sample, in an order
 *       shuffled afresh for every sample, so that drift and the previous connect's leftover work
 *       hit every client alike. For figures in milliseconds, where CPU contention would show.
 *   <li>{@link #together}: every client once per round, all at the same time, each on its own
 *       thread. For fault rounds, whose figures are seconds of timeouts: run one after another, the
 *       slow peers would take the whole budget.
 * </ul>
 *
 * Each client's connect is bounded by the deadline, so a round ends within about one deadline.
 */
final class Rounds implements AutoCloseable {

  private final ExecutorService threads =
      Executors.newCachedThreadPool(new NamedThreadFactory("bench-round"));
  private final Random order;

  Rounds(long seed) {
    this.order = new Random(seed);
  }

  /** One sample: each client once, one after another, in a freshly shuffled order. */
  void interleaved(Map<ConnectPeer, ResultRow> rows, LabTarget target, Duration deadline) {
    List<ConnectPeer> clients = new ArrayList<>(rows.keySet());
    Collections.shuffle(clients, order);
    for (ConnectPeer c : clients) {
      rows.get(c).record(c.attempt(target, deadline), deadline.toNanos());
    }
  }

  /**
   * One round: each client once, all at the same time; returns when every one has ended, with each
   * client's attempt (also recorded in its row).
   */
  Map<ConnectPeer, Attempt> together(
      Map<ConnectPeer, ResultRow> rows, LabTarget target, Duration deadline) {
    List<ConnectPeer> clients = new ArrayList<>(rows.keySet());
    List<Future<Attempt>> running = new ArrayList<>();
    for (ConnectPeer c : clients) {
      running.add(threads.submit(() -> c.attempt(target, deadline)));
    }
    Map<ConnectPeer, Attempt> attempts = new LinkedHashMap<>();
    for (int i = 0; i < clients.size(); i++) {
      Attempt a = join(running.get(i));
      rows.get(clients.get(i)).record(a, deadline.toNanos());
      attempts.put(clients.get(i), a);
    }
    return attempts;
  }

  /** Runs an untimed warm-up connect of each client. */
  void warmUp(List<ConnectPeer> clients, LabTarget target, Duration deadline) {
    for (ConnectPeer c : clients) {
      c.attempt(target, deadline);
    }
  }

  private static Attempt join(Future<Attempt> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Attempt.failed(0, "interrupted");
    } catch (ExecutionException e) {
      return Attempt.failed(0, String.valueOf(e.getCause()));
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
