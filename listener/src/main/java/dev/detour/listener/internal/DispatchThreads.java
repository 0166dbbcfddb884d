package dev.detour.listener.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The listener's own dispatch threads: at most {@code max}, started on demand, each ending after
 * {@code keepAlive} idle or at {@link #shutdownNow()}.
 *
 * <p>Unlike a {@link java.util.concurrent.ThreadPoolExecutor}, whose idle threads take turns (the
 * longest idle is woken first), a task goes to the thread that went idle <em>last</em>. With one
 * busy channel, its drain tasks then keep landing on the same thread, woken where it last ran,
 * instead of a different cold thread for every batch; on a small machine the rotation was seen to
 * delay the connection thread's own reads. When every thread is busy, tasks wait in a FIFO backlog
 * that the threads empty before going idle. Thread-safe.
 */
public final class DispatchThreads implements Executor {

  private final int max;
  private final long keepAliveNanos;
  private final ThreadFactory factory;
  private final ArrayDeque<Worker> idle = new ArrayDeque<>(); // the last idle first
  private final ArrayDeque<Runnable> backlog = new ArrayDeque<>();
  private final List<Worker> all = new ArrayList<>();
  private boolean shutdown;

  /**
   * @param max the most threads at once, at least 1
   * @param keepAliveNanos how long a thread waits idle before it ends
   * @param factory makes the (named, daemon) threads
   */
  public DispatchThreads(int max, long keepAliveNanos, ThreadFactory factory) {
    if (max < 1) {
      throw new IllegalArgumentException("max: " + max + " (expected at least 1)");
    }
    this.max = max;
    this.keepAliveNanos = keepAliveNanos;
    this.factory = factory;
  }

  /**
   * Runs {@code task} on the thread that went idle last, on a new thread if none is idle and fewer
   * than {@code max} run, or after the tasks already waiting.
   *
   * @throws RejectedExecutionException after {@link #shutdownNow()}
   */
  @Override
  public void execute(Runnable task) {
    Worker w;
    synchronized (this) {
      if (shutdown) {
        throw new RejectedExecutionException("dispatch threads shut down");
      }
      w = idle.pollFirst();
      if (w == null) {
        if (all.size() < max) {
          w = new Worker(task);
          w.thread = factory.newThread(w);
          all.add(w);
          w.thread.start();
        } else {
          backlog.addLast(task);
        }
        return;
      }
    }
    w.hand(task);
  }

  /** Drops the waiting tasks and ends every thread (running handlers are interrupted). */
  public void shutdownNow() {
    List<Worker> workers;
    synchronized (this) {
      shutdown = true;
      backlog.clear();
      workers = new ArrayList<>(all);
    }
    for (Worker w : workers) {
      w.end();
    }
  }

  /** Returns how many threads are alive (started and not ended). */
  public synchronized int threads() {
    return all.size();
  }

  /** Returns how many threads wait idle for a task. */
  synchronized int idleThreads() {
    return idle.size();
  }

  /** The next task from the backlog, or null after going idle (the caller then waits). */
  private synchronized Runnable nextOrIdle(Worker w) {
    if (shutdown) {
      return null;
    }
    Runnable next = backlog.pollFirst();
    if (next == null) {
      idle.addFirst(w);
    }
    return next;
  }

  /** Ends {@code w} if it is still idle (no task was handed to it meanwhile). */
  private synchronized boolean retire(Worker w) {
    if (shutdown || idle.remove(w)) {
      all.remove(w);
      return true;
    }
    return false;
  }

  /**
   * Forgets {@code w}, whose task threw (the dispatcher catches handler failures, so only a
   * virtual-machine error gets here); a new thread takes over the backlog, if any.
   */
  private void died(Worker w) {
    Worker replacement = null;
    synchronized (this) {
      all.remove(w);
      idle.remove(w);
      Runnable next = shutdown ? null : backlog.pollFirst();
      if (next != null) {
        replacement = new Worker(next);
        replacement.thread = factory.newThread(replacement);
        all.add(replacement);
      }
    }
    if (replacement != null) {
      replacement.thread.start();
    }
  }

  private final class Worker implements Runnable {
    private Runnable task;
    private boolean ended;
    private volatile Thread thread;

    Worker(Runnable first) {
      this.task = first;
    }

    synchronized void hand(Runnable next) {
      task = next;
      notifyAll();
    }

    void end() {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
    }

    @Override
    public void run() {
      boolean clean = false;
      try {
        Runnable next = take();
        while (next != null) {
          next.run();
          next = nextOrIdle(this);
          if (next == null) {
            next = awaitTask();
          }
        }
        clean = true;
      } finally {
        if (!clean) {
          died(this);
        }
      }
    }

    private synchronized Runnable take() {
      Runnable t = task;
      task = null;
      return t;
    }

    /** Waits idle for a task; returns null when the thread ends. */
    private Runnable awaitTask() {
      long deadline = System.nanoTime() + keepAliveNanos;
      synchronized (this) {
        while (task == null && !ended) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          } catch (InterruptedException e) {
            // shutdownNow() sets ended first; any other interrupt is stale (left by a handler)
          }
        }
        if (task != null && !ended) {
          return take();
        }
      }
      if (retire(this)) {
        return null;
      }
      // a task was handed over while this thread timed out: wait for it (it comes at once)
      synchronized (this) {
        while (task == null && !ended) {
          try {
            wait();
          } catch (InterruptedException e) {
            // as above: ended says whether to stop
          }
        }
        return ended ? null : take();
      }
    }
  }
}
