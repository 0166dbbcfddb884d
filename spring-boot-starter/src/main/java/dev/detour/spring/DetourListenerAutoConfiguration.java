package dev.detour.spring;

import dev.detour.listener.DetourListener;
import dev.detour.listener.DetourListenerBuilder;
import dev.detour.spring.internal.DetourListenerLifecycle;
import dev.detour.spring.internal.DetourSettings;
import dev.detour.spring.internal.SpringListenerKeys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Creates a {@link DetourListener} when {@code detour.listener.enabled=true}, on {@code
 * spring.datasource.url} and its credentials, with the {@code detour.listener.*}, {@code
 * detour.router.*} and {@code detour.resolver.*} keys; subscribes every bean's {@link DetourListen}
 * and {@link DetourResync} methods (see {@link DetourListenAutoConfiguration}); starts the listener
 * once the context is ready and closes it (bounded) on shutdown.
 *
 * <p>Beans may also call {@link DetourListener#subscribe} themselves, at any time.
 */
@AutoConfiguration(after = DetourAutoConfiguration.class)
@ConditionalOnClass(DetourListener.class)
@ConditionalOnBooleanProperty("detour.listener.enabled")
public class DetourListenerAutoConfiguration {

  /** Created by Spring. */
  public DetourListenerAutoConfiguration() {}

  /**
   * The application's listener, not yet started (see {@link #detourListenerLifecycle}).
   *
   * @param environment the application's settings
   * @param settings the checked {@code detour.*} keys
   * @param customizers adjustments made just before {@code build()}
   * @return the listener
   * @throws dev.detour.core.ConfigException for a bad or unknown key, with the listener's message
   */
  @Bean
  @ConditionalOnMissingBean
  public DetourListener detourListener(
      Environment environment,
      DetourSettings settings,
      ObjectProvider<DetourListenerCustomizer> customizers) {
    DetourListenerBuilder builder =
        DetourListener.builder().properties(SpringListenerKeys.properties(environment, settings));
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * Starts the listener when the context has started (after every subscription is made) and closes
   * it on shutdown.
   *
   * @param listener the application's listener
   * @return the lifecycle bean
   */
  @Bean
  public DetourListenerLifecycle detourListenerLifecycle(DetourListener listener) {
    return new DetourListenerLifecycle(listener);
  }
}
