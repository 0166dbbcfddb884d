package dev.detour.router.internal;

import dev.detour.core.Scheduler;
import dev.detour.router.RouterConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;

/**
 * The real {@link Dialer}: a blocking {@link Socket#connect(java.net.SocketAddress, int)} on a
 * scheduler worker thread, with TCP_NODELAY and keepalive (idle, interval, count) set before the
 * connect. Cancelling closes the socket, which unblocks the worker at once. Thread-safe.
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
  public Handle dial(InetSocketAddress address, long timeoutNanos, Callback callback) {
    Socket socket = new Socket();
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
    try {
      scheduler.execute(() -> connect(socket, address, timeoutNanos, callback));
    } catch (RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
    return () -> closeQuietly(socket);
  }

  private static void connect(
      Socket socket, InetSocketAddress address, long timeoutNanos, Callback callback) {
    int timeoutMs =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeoutNanos + 999_999) / 1_000_000));
    try {
      socket.connect(address, timeoutMs);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      callback.failed(e instanceof IOException io ? io : new IOException(e.toString(), e));
      return;
    }
    callback.connected(socket);
  }

  /** Sets the router's socket options on an unconnected socket. */
  static void configure(Socket socket, RouterConfig config) throws IOException {
    socket.setTcpNoDelay(config.tcpNoDelay());
    socket.setKeepAlive(true);
    setIfSupported(
        socket, ExtendedSocketOptions.TCP_KEEPIDLE, (int) config.keepAliveIdle().toSeconds());
    setIfSupported(
        socket,
        ExtendedSocketOptions.TCP_KEEPINTERVAL,
        (int) config.keepAliveInterval().toSeconds());
    setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPCOUNT, config.keepAliveCount());
  }

  private static void setIfSupported(Socket socket, SocketOption<Integer> option, int value)
      throws IOException {
    if (socket.supportedOptions().contains(option)) {
      socket.setOption(option, value);
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
