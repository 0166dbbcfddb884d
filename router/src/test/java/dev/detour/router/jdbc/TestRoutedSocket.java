package dev.detour.router.jdbc;

import dev.detour.router.AttemptOutcome;
import dev.detour.router.RoutedSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link RoutedSocket} test double that records what its owner reported. */
final class TestRoutedSocket implements RoutedSocket {
  private final String host;
  private final InetSocketAddress address;
  private final Socket socket;
  final AtomicInteger readyCalls = new AtomicInteger();
  final AtomicReference<Throwable> failure = new AtomicReference<>();

  TestRoutedSocket(String host, InetSocketAddress address, Socket socket) {
    this.host = host;
    this.address = address;
    this.socket = socket;
  }

  @Override
  public Socket socket() {
    return socket;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public List<AttemptOutcome> attempts() {
    return List.of(new AttemptOutcome(address, AttemptOutcome.Result.CONNECTED, 0, 1_000_000, ""));
  }

  @Override
  public long elapsedNanos() {
    return 1_000_000;
  }

  @Override
  public void markReady() {
    readyCalls.incrementAndGet();
  }

  @Override
  public void markFailed(Throwable cause) {
    failure.compareAndSet(null, cause);
    try {
      socket.close();
    } catch (IOException ignored) {
      // best effort
    }
  }

  boolean ready() {
    return readyCalls.get() > 0;
  }
}
