package dev.detour.listener.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.listener.ListenerState;
import dev.detour.listener.Resync;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerListenerMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerListenerMetrics metrics = MicrometerListenerMetrics.of(registry);

  @Test
  void stateIsAOneHotGaugeTaggedWithTheStateName() {
    metrics.stateChanged(new ListenerState.Reconnecting(2, Duration.ofMillis(500)));
    assertThat(
            registry
                .get(MicrometerListenerMetrics.STATE)
                .tag("state", "reconnecting")
                .gauge()
                .value())
        .isEqualTo(1);
    assertThat(
            registry.get(MicrometerListenerMetrics.STATE).tag("state", "connected").gauge().value())
        .isEqualTo(0);
  }

  @Test
  void eventsBecomeCountersTimersAndGauges() {
    metrics.connected(new InetSocketAddress("127.0.0.11", 5432));
    metrics.disconnected("timeout");
    metrics.resync(Resync.Reason.RECONNECTED, TimeUnit.MILLISECONDS.toNanos(300));
    metrics.heartbeat(TimeUnit.MILLISECONDS.toNanos(2), 0.25);
    metrics.received("jobs");
    metrics.delivered("jobs", 1000, true);
    metrics.dropped("jobs", 7);
    metrics.queueSize(12);

    assertThat(registry.get(MicrometerListenerMetrics.CONNECTS).counter().count()).isEqualTo(1);
    assertThat(
            registry
                .get(MicrometerListenerMetrics.DISCONNECTS)
                .tag("cause", "timeout")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(MicrometerListenerMetrics.RESYNCS)
                .tag("reason", "reconnected")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get(MicrometerListenerMetrics.GAP).timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(300);
    assertThat(registry.get(MicrometerListenerMetrics.QUEUE_USAGE).gauge().value()).isEqualTo(0.25);
    assertThat(registry.get(MicrometerListenerMetrics.RECEIVED).counter().count()).isEqualTo(1);
    assertThat(registry.get(MicrometerListenerMetrics.DELIVERED).counter().count()).isEqualTo(1);
    assertThat(registry.get(MicrometerListenerMetrics.HANDLER_ERRORS).counter().count())
        .isEqualTo(1);
    assertThat(registry.get(MicrometerListenerMetrics.DROPPED).counter().count()).isEqualTo(7);
    assertThat(registry.get(MicrometerListenerMetrics.QUEUE_SIZE).gauge().value()).isEqualTo(12);
  }
}
