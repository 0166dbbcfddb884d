package dev.detour.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth;
import dev.detour.testkit.FakeClock;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tracker's part in spreading: a returned connection is moved (evicted through Hikari), and the
 * next move waits for a connection the pool opens after it, which {@link RoutedDataSource} reports
 * through {@link ConnectionTracker#opened}.
 */
class ConnectionTrackerSpreadTest {

  private static final InetSocketAddress A = new InetSocketAddress("127.0.0.11", 5432);
  private static final InetSocketAddress B = new InetSocketAddress("127.0.0.12", 5432);
  private static final InetSocketAddress C = new InetSocketAddress("127.0.0.13", 5432);

  private final FakeClock clock = new FakeClock();
  private final List<Connection> evicted = new ArrayList<>();
  private final ConnectionTracker tracker = new ConnectionTracker(clock, evicted::add);

  /** A physical connection's stand-in: open, and its own unwrap target (logic only, no server). */
  private static Connection raw() {
    Connection[] self = new Connection[1];
    self[0] =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "isClosed" -> false;
                      case "unwrap" -> self[0];
                      case "hashCode" -> System.identityHashCode(proxy);
                      case "equals" -> proxy == args[0];
                      default -> null;
                    });
    return self[0];
  }

  /** Borrows and returns {@code raw}; returns whether the pool evicted it to move it. */
  private boolean borrowAndReturn(Connection raw) throws Exception {
    int before = evicted.size();
    PhysicalConnection pc = tracker.borrowed(raw);
    tracker.returned(pc, raw);
    return evicted.size() > before;
  }

  @Test
  void theNextMoveWaitsForAConnectionOpenedAfterTheLast() throws Exception {
    List<AddressHealth> health =
        List.of(
            PoolSpreadTest.closed(A),
            PoolSpreadTest.closed(B),
            PoolSpreadTest.closed(C)); // B and C hold nothing: A is overloaded
    tracker.spreadWith(new PoolSpread(() -> health, clock));
    List<Connection> onA = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Connection c = raw();
      tracker.opened(c, A, tracker.connectStarting());
      onA.add(c);
    }
    clock.advance(Duration.ofSeconds(3));

    assertThat(borrowAndReturn(onA.get(0))).as("the first move").isTrue();
    long duringMove = tracker.connectStarting();
    clock.advance(Duration.ofMillis(250));
    assertThat(borrowAndReturn(onA.get(1))).as("its replacement is not open").isFalse();

    tracker.opened(raw(), B, duringMove - 1); // a connect from before the move
    clock.advance(Duration.ofMillis(250));
    assertThat(borrowAndReturn(onA.get(1))).isFalse();

    long started = tracker.connectStarting();
    clock.advance(Duration.ofMillis(20));
    tracker.opened(raw(), C, started); // the replacement
    clock.advance(Duration.ofMillis(250));
    assertThat(borrowAndReturn(onA.get(1))).as("the next move").isTrue();
  }
}
