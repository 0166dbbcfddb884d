package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.addr;
import static dev.detour.router.internal.ScriptedDialer.Kind.BLACKHOLE;
import static dev.detour.router.internal.ScriptedDialer.Kind.CONNECT;
import static dev.detour.router.internal.ScriptedDialer.Kind.REFUSE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.micrometer.MicrometerRouterListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MicrometerRouterListenerTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ObservationRegistry observations = ObservationRegistry.create();
  private final List<Observation.Context> stopped = new ArrayList<>();

  MicrometerRouterListenerTest() {
    observations
        .observationConfig()
        .observationHandler(
            new ObservationHandler<>() {
              @Override
              public void onStop(Observation.Context context) {
                stopped.add(context);
              }

              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }
            });
  }

  @Test
  void aConnectBecomesAnObservationAndMeters() {
    try (Harness h = new Harness(Harness.config().build(), 2)) {
      h.router.addListener(new MicrometerRouterListener(meters, observations));
      h.dialer.on(addr(1), BLACKHOLE, Duration.ZERO).on(addr(2), CONNECT, Duration.ofMillis(10));

      h.connected().markReady();

      assertThat(stopped).hasSize(1);
      Observation.Context c = stopped.get(0);
      assertThat(c.getName()).isEqualTo(MicrometerRouterListener.OBSERVATION);
      assertThat(c.getLowCardinalityKeyValue("host").getValue()).isEqualTo("db.neon.test");
      assertThat(c.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("connected");
      assertThat(c.getHighCardinalityKeyValue("address").getValue()).isEqualTo("127.0.0.2:5432");
      assertThat(c.getHighCardinalityKeyValue("attempts").getValue()).isEqualTo("2");
      assertThat(c.getError()).isNull();

      assertThat(
              meters
                  .get(MicrometerRouterListener.CONNECTS)
                  .tags("host", "db.neon.test", "outcome", "connected")
                  .timer()
                  .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
          .isEqualTo(110.0);
      assertThat(
              meters
                  .find(MicrometerRouterListener.ATTEMPTS)
                  .tags("address", "127.0.0.1:5432")
                  .timer())
          .as("the detached black hole is not recorded as cancelled")
          .isNull();
      h.clock.advance(Duration.ofSeconds(4)); // its own timeout runs out in the background
      assertThat(
              meters
                  .get(MicrometerRouterListener.ATTEMPTS)
                  .tags("address", "127.0.0.1:5432", "outcome", "timed_out")
                  .timer()
                  .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
          .as("its real outcome and time")
          .isGreaterThan(1500.0);
      assertThat(meters.find(MicrometerRouterListener.ATTEMPTS).tag("outcome", "cancelled").timer())
          .isNull();
      assertThat(
              meters
                  .get(MicrometerRouterListener.HANDSHAKES)
                  .tags("outcome", "ready")
                  .counter()
                  .count())
          .isEqualTo(1.0);
    }
  }

  @Test
  void aFastFailIsCountedAndItsObservationCarriesTheError() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      h.router.addListener(new MicrometerRouterListener(meters, observations));
      h.dialer.otherwise(REFUSE, Duration.ofMillis(1));
      h.failed();
      h.failed();

      assertThat(stopped).hasSize(2);
      assertThat(stopped.get(0).getLowCardinalityKeyValue("outcome").getValue())
          .isEqualTo("failed");
      assertThat(stopped.get(1).getLowCardinalityKeyValue("outcome").getValue())
          .isEqualTo("fast_fail");
      assertThat(stopped.get(1).getError()).hasMessageContaining("no healthy address");
      assertThat(meters.get(MicrometerRouterListener.FAST_FAILS).counter().count()).isEqualTo(1.0);
      assertThat(
              meters
                  .get(MicrometerRouterListener.BREAKER_TRANSITIONS)
                  .tags("address", "127.0.0.1:5432", "state", "open")
                  .counter()
                  .count())
          .isEqualTo(1.0);
    }
  }

  @Test
  void aBoundListenerGaugesAddressesPerState() throws Exception {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      AutoCloseable handle = MicrometerRouterListener.bind(h.router, meters, observations);
      h.dialer.on(addr(1), REFUSE, Duration.ofMillis(1)).otherwise(CONNECT, Duration.ofMillis(10));
      h.connected().markReady();

      assertThat(
              meters
                  .get(MicrometerRouterListener.ADDRESSES)
                  .tags("host", "db.neon.test", "state", "open")
                  .gauge()
                  .value())
          .isEqualTo(1.0);
      assertThat(
              meters
                  .get(MicrometerRouterListener.ADDRESSES)
                  .tags("host", "db.neon.test", "state", "closed")
                  .gauge()
                  .value())
          .isEqualTo(2.0);
      handle.close();
      h.connected().markReady();
      assertThat(meters.get(MicrometerRouterListener.CONNECTS).timer().count()).isEqualTo(1);
    }
  }
}
