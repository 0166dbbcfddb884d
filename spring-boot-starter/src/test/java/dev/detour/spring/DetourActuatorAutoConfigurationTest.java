package dev.detour.spring;

import static dev.detour.spring.DetourDataSourceAutoConfigurationTest.DETOUR_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.detour.spring.internal.RouterMetricsBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health contributor, the endpoint and the metrics exist only when their library is on the
 * classpath and the application has a Detour bean.
 */
class DetourActuatorAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DetourAutoConfiguration.class,
                  DetourDataSourceAutoConfiguration.class,
                  DetourListenerAutoConfiguration.class,
                  DetourListenAutoConfiguration.class,
                  DetourHealthAutoConfiguration.class,
                  DetourEndpointAutoConfiguration.class,
                  DetourMetricsAutoConfiguration.class))
          .withPropertyValues(
              "spring.datasource.url=" + DETOUR_URL,
              "management.endpoints.web.exposure.include=health,detour");

  @Test
  void healthEndpointAndMetricsArePresentWithActuatorAndMicrometer() {
    runner
        .withUserConfiguration(Registry.class)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx).hasSingleBean(DetourHealthIndicator.class);
              assertThat(ctx).hasBean("detourHealthIndicator");
              assertThat(ctx).hasSingleBean(DetourEndpoint.class);
              assertThat(ctx).hasSingleBean(RouterMetricsBinder.class);
              assertThat(ctx).hasBean("detourPoolMeterRegistry");
            });
  }

  @Test
  void poolHikariAndRouterMetersAndConnectObservationsReachTheApplicationsRegistries() {
    runner
        .withUserConfiguration(Registry.class)
        .run(
            ctx -> {
              MeterRegistry meters = ctx.getBean(MeterRegistry.class);
              Observed observed = ctx.getBean(Observed.class);
              // the pool fills in the background; port 1 refuses, so connects end at once
              await()
                  .atMost(METER_BOUND)
                  .untilAsserted(
                      () -> {
                        assertThat(meters.find("hikaricp.connections").gauge()).isNotNull();
                        assertThat(meters.find("detour.router.connects").timer()).isNotNull();
                        assertThat(observed.names).contains("detour.router.connect");
                      });
            });
  }

  @Test
  void healthReportsPerAddressDetailsAndPoolStats() {
    runner.run(
        ctx -> {
          Health health = ctx.getBean(DetourHealthIndicator.class).health();
          assertThat(health.getStatus()).isIn(Status.UP, Status.DOWN);
          assertThat(health.getDetails())
              .containsKeys("host", "pool", "addresses", "fastFailOpen")
              .containsEntry("host", "127.0.0.1:1");
        });
  }

  @Test
  void noHealthContributorWithoutBootsHealthModule() {
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx).doesNotHaveBean(DetourHealthIndicator.class);
            });
  }

  @Test
  void noEndpointWithoutActuator() {
    runner
        .withClassLoader(new FilteredClassLoader(Endpoint.class))
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx).doesNotHaveBean(DetourEndpoint.class);
            });
  }

  @Test
  void noEndpointUnlessExposed() {
    runner
        .withPropertyValues("management.endpoints.web.exposure.include=health")
        .run(ctx -> assertThat(ctx).doesNotHaveBean(DetourEndpoint.class));
  }

  @Test
  void noMetricsWithoutMicrometer() {
    runner
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx).doesNotHaveBean(RouterMetricsBinder.class);
              assertThat(ctx).doesNotHaveBean("detourPoolMeterRegistry");
            });
  }

  @Test
  void noMetricsWithoutARegistryBean() {
    runner.run(ctx -> assertThat(ctx).doesNotHaveBean(RouterMetricsBinder.class));
  }

  @Test
  void nothingActuatorRelatedWithoutADetourBean() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DetourAutoConfiguration.class,
                DetourDataSourceAutoConfiguration.class,
                DetourHealthAutoConfiguration.class,
                DetourEndpointAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=health,detour")
        .run(
            ctx -> {
              assertThat(ctx).doesNotHaveBean(DetourHealthIndicator.class);
              assertThat(ctx).doesNotHaveBean(DetourEndpoint.class);
            });
  }

  /**
   * The pool's first background connect to a refusing port ends within milliseconds; Hikari retries
   * it every 250 ms or more. 10 s covers a loaded 2-core machine.
   */
  private static final Duration METER_BOUND = Duration.ofSeconds(10);

  @Configuration(proxyBeanMethods = false)
  static class Registry {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    Observed observed() {
      return new Observed();
    }

    @Bean
    ObservationRegistry observationRegistry(Observed observed) {
      ObservationRegistry registry = ObservationRegistry.create();
      registry.observationConfig().observationHandler(observed);
      return registry;
    }
  }

  /** Records the names of the observations that stopped. */
  static class Observed implements ObservationHandler<Observation.Context> {
    final Set<String> names = ConcurrentHashMap.newKeySet();

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }

    @Override
    public void onStop(Observation.Context context) {
      names.add(context.getName());
    }
  }
}
