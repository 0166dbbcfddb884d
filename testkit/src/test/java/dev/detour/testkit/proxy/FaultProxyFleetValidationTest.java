package dev.detour.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Argument checks that fail before any socket is opened. */
class FaultProxyFleetValidationTest {

  private static final InetSocketAddress BACKEND = new InetSocketAddress("127.0.0.1", 5432);

  @Test
  void sizeOutsideOneTo240IsRejected() {
    assertThatThrownBy(() -> FaultProxyFleet.start(0, BACKEND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size: 0 (expected: 1 <= size <= 240)");
  }

  @Test
  void firstAddressOutside127Dot0Dot0IsRejected() throws Exception {
    InetAddress other = InetAddress.getByName("127.1.0.1");
    assertThatThrownBy(() -> FaultProxyFleet.start(2, BACKEND, other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("firstAddress: 127.1.0.1 (expected: 127.0.0.x)");
  }

  @Test
  void fleetRunningPast127Dot0Dot0Dot254IsRejected() throws Exception {
    InetAddress first = InetAddress.getByName("127.0.0.250");
    assertThatThrownBy(() -> FaultProxyFleet.start(6, BACKEND, first))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("firstAddress: 127.0.0.250, size: 6");
  }

  @Test
  void nonLoopbackBackendIsRejected() {
    InetSocketAddress unresolved = InetSocketAddress.createUnresolved("db.example.test", 5432);
    assertThatThrownBy(() -> FaultProxyFleet.start(1, unresolved))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backend: ")
        .hasMessageContaining("expected: a resolved loopback address");
  }

  @Test
  void negativeStallBudgetAndLatencyAreRejected() {
    assertThatThrownBy(() -> Fault.stallAfter(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bytes: -1 (expected: bytes >= 0)");
    assertThatThrownBy(() -> Fault.latency(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay: PT-0.005S (expected: delay >= 0)");
  }

  @Test
  void faultsAreValuesWithReadableNames() {
    assertThat(Fault.stallAfter(10)).isEqualTo(Fault.stallAfter(10));
    assertThat(Fault.latency(Duration.ofMillis(5))).hasToString("latency(PT0.005S)");
    assertThat(Fault.blackhole()).hasToString("blackhole");
  }
}
