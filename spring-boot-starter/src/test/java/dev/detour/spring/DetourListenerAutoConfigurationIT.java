package dev.detour.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.detour.listener.DetourListener;
import dev.detour.listener.ListenerState;
import dev.detour.listener.Resync;
import dev.detour.testkit.pg.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code detour.listener.enabled=true} the context has a started {@link DetourListener}, and a
 * bean's {@link DetourListen}/{@link DetourResync} methods receive the INITIAL resync first, then
 * notifications, from a real PostgreSQL.
 */
class DetourListenerAutoConfigurationIT {

  /** The listener's own start bound is 30 s; the context waits for it. This adds a 10 s margin. */
  private static final Duration DELIVERY_BOUND = Duration.ofSeconds(40);

  @Test
  void listenerOnStartsWithTheContextAndDeliversToAnnotatedMethods() {
    TestPostgres pg = TestPostgres.shared();
    String db = pg.createDatabase("starter_listener");
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DetourAutoConfiguration.class,
                DetourListenerAutoConfiguration.class,
                DetourListenAutoConfiguration.class))
        .withUserConfiguration(Recorder.Config.class)
        .withPropertyValues(
            "spring.datasource.url=jdbc:detour:postgresql://127.0.0.1:" + pg.port() + "/" + db,
            "spring.datasource.username=" + pg.user(),
            "spring.datasource.password=" + pg.password(),
            "detour.listener.enabled=true",
            "detour.listener.heartbeat-interval=1s")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              DetourListener listener = ctx.getBean(DetourListener.class);
              assertThat(listener.state()).isInstanceOf(ListenerState.Connected.class);
              Recorder recorder = ctx.getBean(Recorder.class);
              await().atMost(DELIVERY_BOUND).until(() -> !recorder.events.isEmpty());
              listener.notify("jobs", "42");
              await().atMost(DELIVERY_BOUND).until(() -> recorder.events.contains("job 42"));
              assertThat(recorder.events.get(0)).isEqualTo("resync INITIAL");
            });
  }

  static class Recorder {
    final List<String> events = new CopyOnWriteArrayList<>();

    @DetourListen("jobs")
    void onJob(String payload) {
      events.add("job " + payload);
    }

    @DetourResync("jobs")
    void onResync(Resync resync) {
      events.add("resync " + resync.reason());
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {
      @Bean
      Recorder recorder() {
        return new Recorder();
      }
    }
  }
}
