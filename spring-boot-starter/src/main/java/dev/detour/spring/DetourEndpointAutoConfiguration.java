package dev.detour.spring;

import dev.detour.listener.DetourListener;
import dev.detour.pool.DetourDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Registers the {@code /actuator/detour} endpoint ({@link DetourEndpoint}) when Actuator is on the
 * classpath, the endpoint is available (exposed and not turned off) and the application has a
 * {@link DetourDataSource} or a {@link DetourListener}.
 */
@AutoConfiguration(
    after = {DetourDataSourceAutoConfiguration.class, DetourListenerAutoConfiguration.class})
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnAvailableEndpoint(DetourEndpoint.class)
@Conditional(OnDetourBeanCondition.class)
public class DetourEndpointAutoConfiguration {

  /** Created by Spring. */
  public DetourEndpointAutoConfiguration() {}

  /**
   * The {@code detour} endpoint.
   *
   * @param dataSource the application's pool, if any
   * @param listener the application's listener, if any
   * @return the endpoint
   */
  @Bean
  @ConditionalOnMissingBean
  public DetourEndpoint detourEndpoint(
      ObjectProvider<DetourDataSource> dataSource, ObjectProvider<DetourListener> listener) {
    return new DetourEndpoint(dataSource.getIfAvailable(), listener.getIfAvailable());
  }
}
