package dev.detour.spring.internal;

import dev.detour.core.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link ConfigException} thrown while the application starts into Spring Boot's
 * "APPLICATION FAILED TO START" report: the description is Detour's own message (key, value,
 * expected, or the "did you mean" of an unknown key), and the action names the key in both Detour's
 * and Spring's spelling. Registered in {@code META-INF/spring.factories}.
 */
public final class DetourConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {

  /** Created by Spring Boot's failure analysis. */
  public DetourConfigFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
    String key = cause.key();
    String action =
        "Fix or remove "
            + key
            + " in application.properties, application.yml or the environment"
            + (key.startsWith("detour.") && !key.equals(EnvironmentKeys.dashed(key))
                ? " (Spring also accepts it as " + EnvironmentKeys.dashed(key) + ")"
                : "")
            + ". Detour's keys, defaults and ranges are listed in the README and in IDE completion.";
    return new FailureAnalysis("Invalid Detour setting: " + cause.getMessage(), action, cause);
  }
}
