package dev.detour.spring;

import dev.detour.listener.DetourListener;
import dev.detour.pool.DetourDataSource;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.ConfigurationCondition;

/** Matches when the application has a {@link DetourDataSource} or a {@link DetourListener}. */
class OnDetourBeanCondition extends AnyNestedCondition {

  OnDetourBeanCondition() {
    super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
  }

  @ConditionalOnBean(DetourDataSource.class)
  static class HasDataSource {}

  @ConditionalOnBean(DetourListener.class)
  static class HasListener {}
}
