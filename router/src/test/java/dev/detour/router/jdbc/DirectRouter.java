package dev.detour.router.jdbc;

import dev.detour.router.AddressHealth;
import dev.detour.router.RoutedSocket;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Router} test double: hands out a fixed list of loopback addresses in turn (or the host
 * itself when the list is empty), connecting a plain socket when {@code connect} is true and
 * returning an unconnected one otherwise. Records every socket it routed and every budget it was
 * given.
 */
public class DirectRouter implements Router {
  private final RouterConfig config;
  private final List<InetAddress> addresses;
  private final boolean connect;
  private final AtomicInteger next = new AtomicInteger();
  final List<TestRoutedSocket> routed = new CopyOnWriteArrayList<>();
  final List<Duration> budgets = new CopyOnWriteArrayList<>();
  public final AtomicBoolean closed = new AtomicBoolean();
  volatile IOException failWith;

  public DirectRouter(RouterConfig config, List<InetAddress> addresses, boolean connect) {
    this.config = config;
    this.addresses = List.copyOf(addresses);
    this.connect = connect;
  }

  static DirectRouter offline(String... addresses) {
    try {
      List<InetAddress> list = new CopyOnWriteArrayList<>();
      for (String a : addresses) {
        list.add(InetAddress.getByName(a));
      }
      return new DirectRouter(RouterConfig.defaults(), list, false);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public RoutedSocket connect(String host, int port, Duration budget) throws IOException {
    budgets.add(budget);
    if (failWith != null) {
      throw failWith;
    }
    if (closed.get()) {
      throw TestFailures.noHealthyAddress("router closed");
    }
    InetAddress address =
        addresses.isEmpty()
            ? InetAddress.getByName(host)
            : addresses.get(Math.floorMod(next.getAndIncrement(), addresses.size()));
    InetSocketAddress target = new InetSocketAddress(address, port);
    Socket socket = new Socket();
    if (connect) {
      socket.connect(target, 5_000);
    }
    TestRoutedSocket result = new TestRoutedSocket(host, target, socket);
    routed.add(result);
    return result;
  }

  /** Reported failures, as "host:port address cause". */
  final List<String> reported = new CopyOnWriteArrayList<>();

  @Override
  public void reportFailure(String host, int port, InetSocketAddress address, Throwable cause) {
    reported.add(host + ":" + port + " " + address + " " + cause);
  }

  @Override
  public boolean suspect(String host, int port, InetSocketAddress address, String why) {
    return false; // a direct connection keeps no health to check
  }

  /** Hosts reset, as "host:port". */
  final List<String> resets = new CopyOnWriteArrayList<>();

  @Override
  public List<AddressHealth> reset(String host, int port) {
    resets.add(host + ":" + port);
    return List.of();
  }

  @Override
  public List<AddressHealth> health(String host, int port) {
    return List.of();
  }

  @Override
  public AutoCloseable addListener(dev.detour.router.RouterEventListener listener) {
    return () -> {};
  }

  @Override
  public RouterConfig config() {
    return config;
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
