package dev.detour.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.detour.core.Ticker;
import dev.detour.core.TickerClock;
import dev.detour.testkit.proxy.Fault;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener acts on what the router learns from other users of its address: when the pool (or
 * any connect) finds the listener's address silent, the listener checks its own connection at once
 * instead of at its next heartbeat.
 */
class ListenerSilenceIT {

  private ListenerLab lab;

  @BeforeEach
  void startLab() {
    lab = new ListenerLab(4);
  }

  @AfterEach
  void stopLab() {
    lab.close();
  }

  @Test
  void addressFoundSilentByTheRouterMovesTheListenerLongBeforeItsHeartbeatWould() throws Exception {
    Recorder r = new Recorder();
    List<ListenerState> states = new CopyOnWriteArrayList<>();
    TickerClock clock = TickerClock.anchored(Ticker.system(), Clock.systemUTC());
    // a heartbeat that alone would find the stall only after 60 s + 30 s
    try (DetourListener listener =
        lab.builder()
            .clock(clock)
            .heartbeatInterval(Duration.ofSeconds(60))
            .heartbeatTimeout(Duration.ofSeconds(30))
            .build()) {
      listener.subscribe("jobs", r);
      listener.addStateListener(states::add);
      listener.start();
      int silent = lab.indexOf(listener);
      InetSocketAddress address = lab.fleet.proxies().addresses().get(silent);
      Instant before = clock.instant();
      // the address goes silent: open connections stall, new ones are never answered
      lab.fleet.fault(silent, Fault.blackholeAndStall());
      // another user of the address (here: what the pool does with a borrowed connection that
      // stopped answering) asks the router to check it; its probe times out and opens the breaker
      assertThat(
              lab.router()
                  .suspect(
                      lab.fleet.hostName(),
                      lab.fleet.port(),
                      address,
                      "a pooled connection on it stopped answering"))
          .isTrue();

      // the probe's attempt timeout (1.5 s) + the check (1 s) + backoff (250 ms ± 50 %) + connect,
      // with room for a loaded machine; the heartbeat alone would take 90 s
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> r.count(Resync.Reason.RECONNECTED) == 1);

      assertThat(lab.indexOf(listener)).isNotEqualTo(silent).isNotNegative();
      ListenerState.Disconnected lost = ListenerLab.firstLoss(states);
      assertThat(lost.cause()).hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
      Resync resync = r.resyncs().get(1);
      assertThat(resync.gapStart())
          .as("the gap starts at the connection's last sign of life, before it went silent")
          .get()
          .matches(t -> !t.isAfter(before), "not after the fault");

      // and it delivers from the new address
      listener.notify("jobs", "after");
      await().atMost(Duration.ofSeconds(5)).until(() -> r.notifications().size() == 1);
      assertThat(r.notifications().get(0).payload()).isEqualTo("after");
    }
  }

  @Test
  void anotherAddressFoundSilentLeavesTheListenerAlone() throws Exception {
    Recorder r = new Recorder();
    try (DetourListener listener =
        lab.builder()
            .heartbeatInterval(Duration.ofSeconds(60))
            .heartbeatTimeout(Duration.ofSeconds(30))
            .build()) {
      listener.subscribe("jobs", r);
      listener.start();
      int mine = lab.indexOf(listener);
      int other = (mine + 1) % lab.fleet.size();
      InetSocketAddress otherAddress = lab.fleet.proxies().addresses().get(other);
      lab.fleet.fault(other, Fault.blackholeAndStall());
      lab.router().suspect(lab.fleet.hostName(), lab.fleet.port(), otherAddress, "another address");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  lab.router().health(lab.fleet.hostName(), lab.fleet.port()).stream()
                      .anyMatch(
                          h ->
                              h.address().equals(otherAddress)
                                  && h.state() == dev.detour.router.AddressHealth.State.OPEN));
      // the listener kept its connection: a notification sent now arrives on it, with no resync
      listener.notify("jobs", "still here");
      await().atMost(Duration.ofSeconds(5)).until(() -> r.notifications().size() == 1);
      assertThat(r.count(Resync.Reason.RECONNECTED)).isZero();
      assertThat(lab.indexOf(listener)).isEqualTo(mine);
      assertThat(listener.health().reconnects()).isZero();
    }
  }
}
