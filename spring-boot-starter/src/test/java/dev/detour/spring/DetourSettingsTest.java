package dev.detour.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.core.ConfigException;
import dev.detour.spring.internal.DetourConfigFailureAnalyzer;
import dev.detour.spring.internal.DetourSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class DetourSettingsTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DetourAutoConfiguration.class));

  @Test
  void dashedCamelAndEnvironmentSpellingsAreOneKey() {
    runner
        .withPropertyValues(
            "detour.router.connect-budget=5s",
            "detour.router.maxOpenDelay=30s",
            "detour.resolver.min-ttl=1s")
        .withInitializer(
            ctx ->
                ctx.getEnvironment()
                    .getPropertySources()
                    .addLast(
                        new SystemEnvironmentPropertySource(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            Map.of("DETOUR_ROUTER_FAILURESTOOPEN", "4"))))
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              DetourSettings settings = ctx.getBean(DetourSettings.class);
              assertThat(settings.keys())
                  .containsEntry("detour.router.connectBudget", "5s")
                  .containsEntry("detour.router.maxOpenDelay", "30s")
                  .containsEntry("detour.router.failuresToOpen", "4")
                  .containsEntry("detour.resolver.minTtl", "1s");
              assertThat(settings.routerConfig().connectBudget()).isEqualTo(Duration.ofSeconds(5));
              assertThat(settings.routerConfig().failuresToOpen()).isEqualTo(4);
              assertThat(settings.routerConfig().resolverProperties())
                  .containsEntry("detour.resolver.minTtl", "1s");
            });
  }

  @Test
  void firstPropertySourceWinsAcrossSpellings() {
    runner
        .withInitializer(
            ctx -> {
              var sources = ctx.getEnvironment().getPropertySources();
              sources.addLast(
                  new MapPropertySource("first", Map.of("detour.router.connectBudget", "7s")));
              sources.addLast(
                  new MapPropertySource("second", Map.of("detour.router.connect-budget", "5s")));
            })
        .run(
            ctx ->
                assertThat(ctx.getBean(DetourSettings.class).routerConfig().connectBudget())
                    .isEqualTo(Duration.ofSeconds(7)));
  }

  @Test
  void badValueFailsStartWithDetoursOwnMessage() {
    runner
        .withPropertyValues("detour.router.connect-budget=10x")
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              assertThat(configException(ctx.getStartupFailure()))
                  .hasMessage(
                      "detour.router.connectBudget: '10x' (expected a duration such as 250ms,"
                          + " 10s, 2m or PT10S)");
            });
  }

  @Test
  void outOfRangeResolverValueNamesKeyValueAndRange() {
    runner
        .withPropertyValues("detour.resolver.max-ttl=30d")
        .run(
            ctx ->
                assertThat(configException(ctx.getStartupFailure()))
                    .hasMessage(
                        "detour.resolver.maxTtl: '30d' (expected a duration from 1s to 168h)"));
  }

  @Test
  void unknownKeyFailsStartWithDidYouMean() {
    runner
        .withPropertyValues("detour.router.conect-budget=5s")
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              ConfigException root = configException(ctx.getStartupFailure());
              assertThat(root.getMessage())
                  .startsWith(
                      "detour.router.conect-budget: unknown setting (did you mean"
                          + " detour.router.connect-budget?)");
              assertThat(root.key()).isEqualTo("detour.router.conect-budget");
            });
  }

  @Test
  void unknownModuleIsRejectedWithTheClosestKey() {
    runner
        .withPropertyValues("detour.routr.connect-budget=5s")
        .run(
            ctx ->
                assertThat(configException(ctx.getStartupFailure()))
                    .hasMessageStartingWith(
                        "detour.routr.connect-budget: unknown setting (did you mean"
                            + " detour.router.connect-budget?)"));
  }

  @Test
  void failureAnalysisShowsDetoursMessageAndBothSpellings() {
    ConfigException e =
        new ConfigException(
            "detour.router.connectBudget",
            "detour.router.connectBudget: '10x' (expected a duration such as 250ms, 10s, 2m or"
                + " PT10S)");
    FailureAnalysis analysis =
        new DetourConfigFailureAnalyzer().analyze(new IllegalStateException("wrapped", e));
    assertThat(analysis.getDescription()).isEqualTo("Invalid Detour setting: " + e.getMessage());
    assertThat(analysis.getAction())
        .contains("detour.router.connectBudget")
        .contains("detour.router.connect-budget");
  }

  @Test
  void passwordLikeValuesAreMaskedInToString() {
    runner
        .withPropertyValues("detour.router.connect-budget=5s")
        .run(
            ctx ->
                assertThat(ctx.getBean(DetourSettings.class).toString())
                    .isEqualTo("DetourSettings{detour.router.connectBudget=5s}"));
  }

  /** Returns the ConfigException in the chain of a start-up failure (Spring wraps it). */
  static ConfigException configException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConfigException e) {
        return e;
      }
    }
    throw new AssertionError("no ConfigException in the chain", failure);
  }
}
