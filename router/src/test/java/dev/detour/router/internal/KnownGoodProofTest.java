package dev.detour.router.internal;

import static dev.detour.router.internal.AddressState.FailureKind.STALLED;
import static dev.detour.router.internal.AddressState.Permit.NORMAL;
import static dev.detour.router.internal.Harness.addr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouterConfig;
import dev.detour.testkit.FakeClock;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Known-good means handshake-proven: an address whose TCP connect succeeded but whose handshake was
 * never proven (the accept-then-stall proxy) must not rank before one that is proven (a connection
 * marked ready, or a passed SSLRequest probe), however low its RTT.
 */
class KnownGoodProofTest {

  private final FakeClock clock = new FakeClock();

  private HostEntry entry(RouterConfig config) throws Exception {
    RouterRuntime rt =
        new RouterRuntime(config, clock, Clock.systemUTC(), new Random(7), new RouterEvents());
    HostEntry e = new HostEntry(Harness.HOST, Harness.PORT, rt, s -> {});
    e.merge(
        List.of(
            addr(1).getAddress(),
            addr(2).getAddress(),
            addr(3).getAddress(),
            addr(4).getAddress()));
    return e;
  }

  private static AddressState state(HostEntry e, int last) {
    return e.states().stream()
        .filter(s -> s.address().equals(addr(last)))
        .findFirst()
        .orElseThrow();
  }

  private static List<java.net.InetSocketAddress> plan(HostEntry e, RouterConfig config) {
    return e.plan(e.states(), config).candidates();
  }

  @Test
  void aTcpConnectedButNeverReadyAddressRanksAfterAHandshakeProvenOne() throws Exception {
    RouterConfig config = Harness.config().build();
    HostEntry e = entry(config);
    // .1 accepted TCP fast (1 ms) and was handed out, but its handshake never completed
    state(e, 1).recordSuccess(NORMAL, 1_000_000);
    // .2 connected slower (5 ms) and its connection was marked ready
    state(e, 2).recordSuccess(NORMAL, 5_000_000);
    state(e, 2).recordHandshakeSuccess();
    // .3 passed a learning probe (SSLRequest): proven, with no RTT
    state(e, 3).recordProbeSuccess(NORMAL, true);

    List<java.net.InetSocketAddress> plan = plan(e, config);

    assertThat(plan.subList(0, 2)).containsExactlyInAnyOrder(addr(2), addr(3));
    assertThat(plan.subList(2, 4)).containsExactly(addr(1), addr(4));
    assertThat(state(e, 1).isHandshakeProven()).isFalse();
    assertThat(state(e, 2).isHandshakeProven()).isTrue();
  }

  @Test
  void withTcpProbesAPassedTcpProbeIsProof() throws Exception {
    RouterConfig config = Harness.config().probe(RouterConfig.ProbeMode.TCP).build();
    HostEntry e = entry(config);
    state(e, 1).recordSuccess(NORMAL, 1_000_000);
    state(e, 2).recordProbeSuccess(NORMAL, false);

    assertThat(plan(e, config).get(0)).isEqualTo(addr(2));
  }

  @Test
  void aHandshakeStallTakesTheProofAway() throws Exception {
    RouterConfig config = Harness.config().build();
    HostEntry e = entry(config);
    AddressState s = state(e, 1);
    s.recordSuccess(NORMAL, 1_000_000);
    s.recordHandshakeSuccess();
    assertThat(s.isHandshakeProven()).isTrue();

    s.recordFailure(null, STALLED, "handshake stalled");

    assertThat(s.isHandshakeProven()).isFalse();
  }
}
