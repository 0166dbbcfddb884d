package dev.detour.spring;

import dev.detour.listener.DetourListener;
import dev.detour.pool.DetourDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Registers the {@code detour} health contributor ({@link DetourHealthIndicator}) when Spring
 * Boot's health support is on the classpath and the application has a {@link DetourDataSource} or a
 * {@link DetourListener}. Turn it off with {@code management.health.detour.enabled=false}.
 */
@AutoConfiguration(
    after = {DetourDataSourceAutoConfiguration.class, DetourListenerAutoConfiguration.class})
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("detour")
@Conditional(OnDetourBeanCondition.class)
public class DetourHealthAutoConfiguration {

  /** Created by Spring. */
  public DetourHealthAutoConfiguration() {}

  /**
   * The {@code detour} health contributor.
   *
   * @param dataSource the application's pool, if any
   * @param listener the application's listener, if any
   * @return the indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "detourHealthIndicator")
  public DetourHealthIndicator detourHealthIndicator(
      ObjectProvider<DetourDataSource> dataSource, ObjectProvider<DetourListener> listener) {
    return new DetourHealthIndicator(dataSource.getIfAvailable(), listener.getIfAvailable());
  }
}
