package dev.detour.spring.internal;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application's DataSource should be a {@code DetourDataSource}: {@code
 * detour.pool.enabled} decides when it is set; otherwise {@code spring.datasource.url} must start
 * with {@code jdbc:detour:}.
 */
public final class OnDetourPoolCondition extends SpringBootCondition {

  /** The URL prefix of Detour's driver. */
  public static final String DETOUR_URL_PREFIX = "jdbc:detour:";

  /** Created by Spring. */
  public OnDetourPoolCondition() {}

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    Binder binder = Binder.get(context.getEnvironment());
    Boolean enabled = binder.bind("detour.pool.enabled", Boolean.class).orElse(null);
    if (enabled != null) {
      return new ConditionOutcome(enabled, "detour.pool.enabled=" + enabled);
    }
    String url = binder.bind("spring.datasource.url", String.class).orElse(null);
    if (url != null && url.startsWith(DETOUR_URL_PREFIX)) {
      return ConditionOutcome.match("spring.datasource.url starts with " + DETOUR_URL_PREFIX);
    }
    return ConditionOutcome.noMatch(
        "spring.datasource.url does not start with "
            + DETOUR_URL_PREFIX
            + " and detour.pool.enabled is not set");
  }
}
