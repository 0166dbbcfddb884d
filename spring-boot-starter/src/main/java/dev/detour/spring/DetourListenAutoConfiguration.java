package dev.detour.spring;

import dev.detour.listener.DetourListener;
import dev.detour.spring.internal.DetourListenProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Subscribes every bean's {@link DetourListen} and {@link DetourResync} methods to the
 * application's {@link DetourListener}. Registered whenever the listener module is on the
 * classpath, so that an annotated method in an application without {@code
 * detour.listener.enabled=true} fails the start with that hint instead of never being called.
 */
@AutoConfiguration(after = DetourListenerAutoConfiguration.class)
@ConditionalOnClass(DetourListener.class)
public class DetourListenAutoConfiguration {

  /** Created by Spring. */
  public DetourListenAutoConfiguration() {}

  /**
   * The annotation processor.
   *
   * @param listener the application's listener, looked up at the first annotated bean
   * @return the bean post-processor
   */
  @Bean
  public static DetourListenProcessor detourListenProcessor(
      ObjectProvider<DetourListener> listener) {
    return new DetourListenProcessor(listener);
  }
}
