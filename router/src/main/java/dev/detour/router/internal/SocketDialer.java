package dev.detour.router.internal;

import dev.detour.core.Scheduler;
import dev.detour.router.RouterConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;

/**
 * The real {@link Dialer}: a blocking {@link Socket#connect(java.net.SocketAddress, int)}, with
 * TCP_NODELAY and keepalive (idle, interval, count) set before the connect. Cancelling closes the
 * socket, which unblocks the connecting thread at once. Thread-safe.
 *
 * <p>The connect runs on the waiting caller's thread when the race offers it one ({@link
 * CallerRuns}), else on a scheduler worker. An attempt on the caller's thread that is {@linkplain
 * Handle#detach() detached} (it lost the race while in flight) closes its socket, which frees the
 * caller, and goes on with a fresh connect to the same address on a worker until the attempt's
 * original deadline, so that its real outcome still reaches the callback. The same happens when the
 * caller's thread is interrupted (a virtual thread's connect then fails at once with "Closed by
 * interrupt"): an interrupt is the caller giving up, not the address failing, so nothing is charged
 * to the address and the waiting code sees the interrupt.
 */
public final class SocketDialer implements Dialer {

  private final Scheduler scheduler;
  private final RouterConfig config;

  public SocketDialer(Scheduler scheduler, RouterConfig config) {
    this.scheduler = scheduler;
    this.config = config;
  }

  /**
   * {@inheritDoc}
   *
   * @throws RejectedExecutionException if the scheduler is closed; no callback follows
   */
  @Override
  public Handle dial(
      InetSocketAddress address, long timeoutNanos, CallerRuns caller, Callback callback) {
    Socket socket = new HeardSocket();
    try {
      configure(socket, config);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      IOException failure =
          e instanceof IOException io ? io : new IOException("cannot start a connect: " + e, e);
      // the contract says dial returns before the callback: the failure is reported from a timer
      // (a closed scheduler refuses it, and dial then throws instead of calling back)
      scheduler.schedule(() -> callback.failed(failure), 0, TimeUnit.NANOSECONDS);
      return () -> {};
    }
    Dial dial = new Dial(address, scheduler.ticker().nanoTime() + timeoutNanos, callback, socket);
    if (caller != null) {
      dial.setOnCaller(true); // before the offer: the caller may run it at once
      if (caller.offer(() -> dial.connectOnCaller(socket))) {
        return dial;
      }
      dial.setOnCaller(false);
    }
    try {
      scheduler.execute(() -> dial.connect(socket, false));
    } catch (RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
    return dial;
  }

  /** One attempt: one connect, or two when it moved off the caller's thread. */
  private final class Dial implements Handle {
    private final InetSocketAddress address;
    private final long deadlineNanos;
    private final Callback callback;
    private Socket socket; // the current connect's socket; guarded by this
    private boolean onCaller; // the current connect runs on the caller's thread; guarded by this
    private boolean cancelled; // guarded by this
    private boolean reported; // the callback was called; guarded by this

    Dial(InetSocketAddress address, long deadlineNanos, Callback callback, Socket socket) {
      this.address = address;
      this.deadlineNanos = deadlineNanos;
      this.callback = callback;
      this.socket = socket;
    }

    synchronized void setOnCaller(boolean value) {
      onCaller = value;
    }

    /**
     * Runs the connect on the caller's thread. An interrupted caller (before the connect, or during
     * it: a virtual thread's connect then fails with "Closed by interrupt") reports an {@link
     * InterruptedIOException}, which the race counts as cancelled, not as a failure of the address;
     * the caller then gives up the whole connect.
     */
    void connectOnCaller(Socket s) {
      connect(s, true);
    }

    /** Connects {@code s} until the deadline and reports, unless a later connect replaced it. */
    void connect(Socket s, boolean onCallerThread) {
      IOException failure = null;
      long remaining = deadlineNanos - scheduler.ticker().nanoTime();
      if (onCallerThread && Thread.currentThread().isInterrupted()) {
        failure = callerInterrupted(null);
      } else if (remaining <= 0) {
        failure = new SocketTimeoutException("connect timed out");
      } else {
        try {
          s.connect(address, toMillis(remaining));
        } catch (IOException | RuntimeException e) {
          failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
        }
        if (failure != null && onCallerThread && Thread.currentThread().isInterrupted()) {
          failure = callerInterrupted(failure);
        }
      }
      synchronized (this) {
        if (socket != s || reported) {
          closeQuietly(s); // replaced by a connect on a worker (detached), which reports
          return;
        }
        reported = true;
        if (failure == null && cancelled) {
          failure = new SocketException("connect cancelled");
        }
      }
      if (failure != null) {
        closeQuietly(s);
        callback.failed(failure);
      } else {
        callback.connected(s);
      }
    }

    @Override
    public void cancel() {
      Socket s;
      synchronized (this) {
        if (reported) {
          return; // the socket is the callee's now
        }
        cancelled = true;
        s = socket;
      }
      closeQuietly(s); // the connect fails at once and reports it
    }

    @Override
    public void detach() {
      moveToWorker();
    }

    /**
     * Moves the attempt off the caller's thread: closes the caller's socket (its connect returns
     * and reports nothing) and goes on with a fresh connect on a worker until the deadline.
     */
    private void moveToWorker() {
      Socket old;
      Socket fresh;
      synchronized (this) {
        if (!onCaller || cancelled || reported) {
          return; // on a worker already (it runs on by itself), or over
        }
        onCaller = false;
        old = socket;
        fresh = new HeardSocket();
        socket = fresh;
      }
      closeQuietly(old); // frees the caller's thread; its connect returns and reports nothing
      try {
        configure(fresh, config);
        scheduler.execute(() -> connect(fresh, false));
      } catch (IOException | RuntimeException e) {
        // options refused, or no worker (router closing): the attempt ends here. Reported from a
        // timer, never from inside detach(), whose caller must not be called back; a closed
        // scheduler refuses that too: then nothing reports, and the closing router, which cancels
        // its races before closing its scheduler, settles the attempt itself.
        closeQuietly(fresh);
        IOException failure =
            e instanceof IOException io
                ? io
                : new IOException("cannot go on with the connect: " + e, e);
        try {
          scheduler.schedule(() -> reportOnce(fresh, failure), 0, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
          // see above
        }
      }
    }

    private void reportOnce(Socket s, IOException failure) {
      synchronized (this) {
        if (reported || socket != s) {
          return;
        }
        reported = true;
      }
      callback.failed(failure);
    }
  }

  private static InterruptedIOException callerInterrupted(IOException cause) {
    InterruptedIOException e = new InterruptedIOException("the waiting caller was interrupted");
    e.initCause(cause);
    return e;
  }

  private static int toMillis(long nanos) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000));
  }

  /** Sets the router's socket options on an unconnected socket. */
  static void configure(Socket socket, RouterConfig config) throws IOException {
    socket.setTcpNoDelay(config.tcpNoDelay());
    socket.setKeepAlive(true);
    KeepAliveOptions supported = KeepAliveOptions.of(socket);
    if (supported.idle) {
      socket.setOption(
          ExtendedSocketOptions.TCP_KEEPIDLE, (int) config.keepAliveIdle().toSeconds());
    }
    if (supported.interval) {
      socket.setOption(
          ExtendedSocketOptions.TCP_KEEPINTERVAL, (int) config.keepAliveInterval().toSeconds());
    }
    if (supported.count) {
      socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, config.keepAliveCount());
    }
  }

  /**
   * Which keepalive options the sockets of one class support. Asking a socket builds a fresh set of
   * its options each time, and every socket of a class answers the same, so the answer of the last
   * class seen is kept (the dialer and the prober make one class of socket).
   */
  private static final class KeepAliveOptions {
    private static volatile KeepAliveOptions last;

    private final Class<?> socketClass;
    private final boolean idle;
    private final boolean interval;
    private final boolean count;

    private KeepAliveOptions(Socket socket) {
      Set<SocketOption<?>> options = socket.supportedOptions();
      this.socketClass = socket.getClass();
      this.idle = options.contains(ExtendedSocketOptions.TCP_KEEPIDLE);
      this.interval = options.contains(ExtendedSocketOptions.TCP_KEEPINTERVAL);
      this.count = options.contains(ExtendedSocketOptions.TCP_KEEPCOUNT);
    }

    static KeepAliveOptions of(Socket socket) {
      KeepAliveOptions known = last;
      if (known != null && known.socketClass == socket.getClass()) {
        return known;
      }
      KeepAliveOptions fresh = new KeepAliveOptions(socket);
      last = fresh;
      return fresh;
    }
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do: the socket is being discarded
    }
  }
}
