package dev.detour.router.internal;

import dev.detour.core.Scheduler;
import dev.detour.router.RouterConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * The real {@link Prober}: a TCP connect on a scheduler worker, then optionally a PostgreSQL
 * SSLRequest (8 bytes: length 8, code 80877103) that must be answered with a single {@code S} or
 * {@code N}. The connect and the read are bounded by socket timeouts that together stay within the
 * probe timeout. Thread-safe.
 */
public final class SocketProber implements Prober {

  /** The SSLRequest code of the PostgreSQL protocol. */
  static final int SSL_REQUEST_CODE = 80877103;

  private final Scheduler scheduler;
  private final RouterConfig config;
  private final Set<Socket> active = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public SocketProber(Scheduler scheduler, RouterConfig config) {
    this.scheduler = scheduler;
    this.config = config;
  }

  /** Probes the way the config's {@code probe} mode says ({@code OFF} counts as TCP). */
  public void probe(InetSocketAddress address, long timeoutNanos, Callback callback) {
    probe(address, timeoutNanos, config.probe() == RouterConfig.ProbeMode.SSLREQUEST, callback);
  }

  /** {@inheritDoc} A closed scheduler makes the probe fail at once ("not started"). */
  @Override
  public void probe(
      InetSocketAddress address, long timeoutNanos, boolean sslRequest, Callback callback) {
    try {
      scheduler.execute(() -> run(address, timeoutNanos, sslRequest, callback));
    } catch (RejectedExecutionException e) {
      // router closing: the trial must still end, so that its permit is not leaked
      callback.done(false, false, "not started (router closing)");
    }
  }

  /** One probe's result, reported once. */
  private record Result(boolean healthy, boolean timedOut, String detail) {}

  private void run(
      InetSocketAddress address, long timeoutNanos, boolean sslRequest, Callback callback) {
    Result r = attempt(address, timeoutNanos, sslRequest);
    callback.done(r.healthy(), r.timedOut(), r.detail()); // outside the try: called exactly once
  }

  private Result attempt(InetSocketAddress address, long timeoutNanos, boolean sslRequest) {
    long start = scheduler.ticker().nanoTime();
    int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutNanos / 1_000_000));
    Socket socket = new Socket();
    active.add(socket);
    if (closed) {
      SocketDialer.closeQuietly(socket);
    }
    try (socket) {
      SocketDialer.configure(socket, config);
      socket.connect(address, timeoutMs);
      if (!sslRequest) {
        return new Result(true, false, "connected");
      }
      long spentMs = (scheduler.ticker().nanoTime() - start) / 1_000_000;
      socket.setSoTimeout((int) Math.max(1, timeoutMs - spentMs));
      OutputStream out = socket.getOutputStream();
      out.write(
          new byte[] {
            0,
            0,
            0,
            8,
            (byte) (SSL_REQUEST_CODE >>> 24),
            (byte) (SSL_REQUEST_CODE >>> 16),
            (byte) (SSL_REQUEST_CODE >>> 8),
            (byte) SSL_REQUEST_CODE
          });
      out.flush();
      InputStream in = socket.getInputStream();
      int b = in.read();
      if (b == 'S' || b == 'N') {
        return new Result(true, false, "answered " + (char) b + " to SSLRequest");
      } else if (b < 0) {
        return new Result(false, false, "closed without answering SSLRequest");
      } else {
        return new Result(false, false, "answered 0x" + Integer.toHexString(b) + " to SSLRequest");
      }
    } catch (SocketTimeoutException e) {
      return new Result(false, true, "timed out (" + e.getMessage() + ")");
    } catch (ConnectException e) {
      String m = String.valueOf(e.getMessage());
      return new Result(
          false,
          false,
          m.toLowerCase(Locale.ROOT).contains("refused") ? "refused" : "failed: " + m);
    } catch (IOException | RuntimeException e) {
      return new Result(false, false, "failed: " + e);
    } finally {
      active.remove(socket);
    }
  }

  /** Closes every probe socket, which unblocks its worker at once. */
  @Override
  public void close() {
    closed = true;
    for (Socket s : List.copyOf(active)) {
      SocketDialer.closeQuietly(s);
    }
  }
}
