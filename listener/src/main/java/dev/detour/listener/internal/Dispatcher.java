package dev.detour.listener.internal;

import dev.detour.core.Ticker;
import dev.detour.listener.ListenerException;
import dev.detour.listener.ListenerMetrics;
import dev.detour.listener.Notification;
import dev.detour.listener.OverflowPolicy;
import dev.detour.listener.Resync;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands notifications and resyncs to the handlers, off the connection thread, in order per channel,
 * through one bounded queue.
 *
 * <ol>
 *   <li>The connection thread (the only producer) queues events; each gets the next sequence
 *       number. A subscription receives a broadcast event only if it went live (its INITIAL resync
 *       was queued) before that event.
 *   <li>Each channel has its own queue. At most one drain task per channel runs on the executor at
 *       a time, so a channel's events reach its handlers one at a time and in order; other channels
 *       proceed in parallel. A drain task delivers a batch and then yields its thread if another
 *       channel's drain task waits for one; if none does, it goes on, so that a backlog on one
 *       channel does not hop from thread to thread.
 *   <li>The queue holds at most {@code capacity} notifications in all (resyncs are not counted: at
 *       most one overflow resync waits per channel). When it is full, the {@link OverflowPolicy}
 *       decides.
 * </ol>
 *
 * <p>A handler exception is caught, logged at WARN with the channel, and counted. Thread-safe.
 */
public final class Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final int BATCH = 64;

  private final Executor executor;
  private final int capacity;
  private final OverflowPolicy policy;
  private final ListenerMetrics metrics;
  private final Ticker ticker;
  private final Subscriptions subscriptions;
  private final Map<String, ChannelQueue> queues = new HashMap<>();
  private long nextSeq = 1;
  private int queued;
  private int running;
  private int waiting; // drain tasks given to the executor and not started yet
  private long handlerFailures;
  private long dropped;

  /**
   * @param executor runs the drain tasks
   * @param capacity the most notifications queued at once, at least 1
   * @param policy what to do when the queue is full
   * @param subscriptions where to find a channel's handlers
   */
  public Dispatcher(
      Executor executor,
      int capacity,
      OverflowPolicy policy,
      Subscriptions subscriptions,
      ListenerMetrics metrics,
      Ticker ticker) {
    this.executor = executor;
    this.capacity = capacity;
    this.policy = policy;
    this.subscriptions = subscriptions;
    this.metrics = metrics;
    this.ticker = ticker;
  }

  /** Queues a notification for every live subscription of its channel. */
  public void notification(Notification n) {
    notifications(List.of(n));
  }

  /**
   * Queues the notifications of one read, in order, for every live subscription of their channels:
   * one lock for the whole read, and each channel's drain task is started once, after the last of
   * them is queued, so that it does not contend with the connection thread for the lock meanwhile.
   */
  public void notifications(List<Notification> batch) {
    List<Runnable> failures = null;
    int size;
    synchronized (this) {
      List<ChannelQueue> touched = new ArrayList<>(1);
      for (Notification n : batch) {
        Runnable failure = offer(n, touched);
        if (failure != null) {
          failures = failures == null ? new ArrayList<>() : failures;
          failures.add(failure);
        }
      }
      for (ChannelQueue q : touched) {
        schedule(q);
      }
      size = queued;
    }
    metrics.queueSize(size);
    if (failures != null) {
      failures.forEach(Runnable::run);
    }
  }

  /** Queues {@code n}; returns what fails the subscriptions under the FAIL policy, or null. */
  private Runnable offer(Notification n, List<ChannelQueue> touched) {
    ChannelQueue q = queues.computeIfAbsent(n.channel(), ChannelQueue::new);
    long seq = nextSeq++;
    if (queued < capacity) {
      q.events.add(new Event(seq, n, null, null));
      q.notifications++;
      queued++;
      if (!touched.contains(q)) {
        touched.add(q);
      }
      return null;
    }
    switch (policy) {
      case DROP_NEWEST:
        dropped++;
        count(n.channel(), 1);
        return null;
      case COALESCE_AND_RESYNC:
        coalesce(q, seq, n);
        return null;
      case FAIL:
      default:
        long removed = removeNotifications(q) + 1;
        dropped += removed;
        count(n.channel(), removed);
        ListenerException failure =
            new ListenerException(
                "channel '"
                    + n.channel()
                    + "': dispatch queue full ("
                    + capacity
                    + " notifications waiting); the FAIL overflow policy closed the"
                    + " subscription",
                null);
        List<ListenerSubscription> failing = subscriptions.of(n.channel());
        return () -> failing.forEach(s -> s.fail(failure));
    }
  }

  /**
   * Drops the channel's queued notifications and {@code n}, and queues (or grows) one OVERFLOW
   * resync, dated when {@code n} was received: so every notification queued after it was received
   * no earlier, as after any resync.
   */
  private void coalesce(ChannelQueue q, long seq, Notification n) {
    long removed = removeNotifications(q) + 1;
    dropped += removed;
    count(q.channel, removed);
    if (q.overflow != null && q.events.contains(q.overflow)) {
      Resync merged =
          Resync.overflow(q.channel, n.receivedAt(), q.overflow.resync.dropped() + removed);
      Event replacement = new Event(q.overflow.seq, null, merged, null);
      replace(q, q.overflow, replacement);
      q.overflow = replacement;
    } else {
      q.overflow = new Event(seq, null, Resync.overflow(q.channel, n.receivedAt(), removed), null);
      q.events.add(q.overflow);
      schedule(q);
    }
  }

  private static void replace(ChannelQueue q, Event old, Event replacement) {
    ArrayDeque<Event> copy = new ArrayDeque<>(q.events.size());
    for (Event e : q.events) {
      copy.add(e == old ? replacement : e);
    }
    q.events.clear();
    q.events.addAll(copy);
  }

  private long removeNotifications(ChannelQueue q) {
    long removed = 0;
    for (Iterator<Event> it = q.events.iterator(); it.hasNext(); ) {
      if (it.next().notification != null) {
        it.remove();
        removed++;
      }
    }
    q.notifications -= (int) removed;
    queued -= (int) removed;
    return removed;
  }

  private void count(String channel, long n) {
    try {
      metrics.dropped(channel, n);
    } catch (RuntimeException e) {
      LOG.debug("metrics failed", e);
    }
  }

  /**
   * Queues a resync for the live subscriptions of its channel ({@code target} null), or for {@code
   * target} alone, which goes live with it.
   */
  public synchronized void resync(Resync resync, ListenerSubscription target) {
    ChannelQueue q = queues.computeIfAbsent(resync.channel(), ChannelQueue::new);
    long seq = nextSeq++;
    if (target != null) {
      target.live(seq);
    }
    q.events.add(new Event(seq, null, resync, target));
    schedule(q);
  }

  private void schedule(ChannelQueue q) {
    if (q.running) {
      return;
    }
    q.running = true;
    running++;
    waiting++;
    try {
      executor.execute(() -> drain(q));
    } catch (RejectedExecutionException e) {
      q.running = false;
      running--;
      waiting--;
      LOG.debug("dispatch executor refused channel '{}'", q.channel, e);
    }
  }

  private void drain(ChannelQueue q) {
    synchronized (this) {
      waiting--;
    }
    while (drainBatch(q)) {
      // go on: the channel has more, and no other channel waits for a thread
    }
    metrics.queueSize(queuedSize());
  }

  /**
   * Delivers up to {@link #BATCH} events of {@code q}; returns whether the same task should go on
   * (more events, and no other drain task waiting), otherwise ends the task.
   */
  private boolean drainBatch(ChannelQueue q) {
    for (int i = 0; i < BATCH; i++) {
      Event e;
      synchronized (this) {
        e = q.events.poll();
        if (e == null) {
          q.running = false;
          running--;
          notifyAll();
          return false;
        }
        if (e.notification != null) {
          q.notifications--;
          queued--;
        }
        if (e == q.overflow) {
          q.overflow = null;
        }
      }
      deliver(e);
    }
    synchronized (this) {
      if (!q.events.isEmpty() && waiting == 0) {
        return true;
      }
      q.running = false;
      running--;
      if (!q.events.isEmpty()) {
        schedule(q); // yield the thread to the channels waiting for one, then continue
      }
      notifyAll();
      return false;
    }
  }

  private void deliver(Event e) {
    String channel = e.notification != null ? e.notification.channel() : e.resync.channel();
    List<ListenerSubscription> targets =
        e.target != null ? List.of(e.target) : subscriptions.of(channel);
    for (ListenerSubscription s : targets) {
      if (e.target == null ? !s.receives(e.seq) : !s.isOpen()) {
        continue;
      }
      long start = ticker.nanoTime();
      boolean failed = false;
      try {
        if (e.notification != null) {
          s.handler().onNotification(e.notification);
        } else {
          s.handler().onResync(e.resync);
        }
      } catch (RuntimeException | Error ex) {
        failed = true;
        synchronized (this) {
          handlerFailures++;
        }
        LOG.warn(
            "channel '{}': handler {} threw; the listener goes on",
            channel,
            e.notification != null ? "onNotification" : "onResync",
            ex);
        if (ex instanceof VirtualMachineError) {
          throw (VirtualMachineError) ex;
        }
      }
      try {
        if (e.notification != null) {
          metrics.delivered(channel, ticker.nanoTime() - start, failed);
        } else {
          metrics.resync(e.resync.reason(), e.resync.gapDuration().toNanos());
        }
      } catch (RuntimeException ex) {
        LOG.debug("metrics failed", ex);
      }
    }
  }

  /** Returns how many notifications wait for their handlers. */
  public synchronized int queuedSize() {
    return queued;
  }

  /** Returns how many handler calls threw. */
  public synchronized long handlerFailures() {
    return handlerFailures;
  }

  /** Returns how many notifications were dropped by the overflow policy. */
  public synchronized long dropped() {
    return dropped;
  }

  /**
   * Waits until every queued event was delivered or {@code timeoutNanos} passed.
   *
   * @return {@code true} if the queue is empty and no handler runs
   */
  public synchronized boolean awaitIdle(long timeoutNanos) throws InterruptedException {
    long deadline = ticker.nanoTime() + timeoutNanos;
    while (running > 0) {
      long left = deadline - ticker.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Drops everything still queued (at close, after the drain deadline). */
  public synchronized void clear() {
    queues.values().forEach(q -> q.events.clear());
    queued = 0;
  }

  private static final class ChannelQueue {
    final String channel;
    final ArrayDeque<Event> events = new ArrayDeque<>();
    int notifications;
    boolean running;
    Event overflow;

    ChannelQueue(String channel) {
      this.channel = channel;
    }
  }

  private static final class Event {
    final long seq;
    final Notification notification;
    final Resync resync;
    final ListenerSubscription target;

    Event(long seq, Notification notification, Resync resync, ListenerSubscription target) {
      this.seq = seq;
      this.notification = notification;
      this.resync = resync;
      this.target = target;
    }
  }
}
