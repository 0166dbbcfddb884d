package dev.detour.spring;

import dev.detour.listener.micrometer.MicrometerListenerMetrics;
import dev.detour.spring.internal.RouterMetricsBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Sends Detour's meters to the application's {@link MeterRegistry} when Micrometer is on the
 * classpath and the application has a registry (Actuator's auto-configuration makes one): the
 * pool's {@code detour.pool.*} and Hikari's {@code hikaricp.*}, the listener's {@code
 * detour.listener.*}, and the router's {@code detour.router.*}. Each physical connect is also an
 * Observation named {@code detour.router.connect} in the application's {@link ObservationRegistry},
 * when there is one (a span, for micrometer-tracing users).
 */
@AutoConfiguration(
    after = {DetourDataSourceAutoConfiguration.class, DetourListenerAutoConfiguration.class},
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
    })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class DetourMetricsAutoConfiguration {

  /** Created by Spring. */
  public DetourMetricsAutoConfiguration() {}

  /**
   * Gives the pool the application's registry.
   *
   * @param registry the application's registry
   * @return the customizer
   */
  @Bean
  public DetourDataSourceCustomizer detourPoolMeterRegistry(MeterRegistry registry) {
    return builder -> builder.meterRegistry(registry);
  }

  /**
   * Gives the listener the application's registry.
   *
   * @param registry the application's registry
   * @return the customizer
   */
  @Bean
  @ConditionalOnClass(MicrometerListenerMetrics.class)
  public DetourListenerCustomizer detourListenerMeterRegistry(MeterRegistry registry) {
    return builder -> builder.metrics(MicrometerListenerMetrics.of(registry));
  }

  /**
   * Binds the router of the pool and of the listener to the registries once they exist.
   *
   * @param beans the context's beans
   * @param registry the application's meter registry
   * @param observations the application's observation registry, if any
   * @return the binder
   */
  @Bean
  public RouterMetricsBinder detourRouterMetricsBinder(
      ConfigurableListableBeanFactory beans,
      MeterRegistry registry,
      ObjectProvider<ObservationRegistry> observations) {
    return new RouterMetricsBinder(
        beans, registry, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
  }
}
