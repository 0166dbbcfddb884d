package dev.detour.spring;

import static dev.detour.spring.DetourDataSourceAutoConfigurationTest.DETOUR_URL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.listener.DetourListener;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The listener bean exists only with {@code detour.listener.enabled=true}, and annotated methods
 * are checked at start-up. (Delivery through the annotations is in {@code RelayApiIT}, against a
 * real PostgreSQL.)
 */
class DetourListenerAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DetourAutoConfiguration.class,
                  DetourListenerAutoConfiguration.class,
                  DetourListenAutoConfiguration.class))
          .withPropertyValues("spring.datasource.url=" + DETOUR_URL);

  @Test
  void noListenerByDefault() {
    runner.run(
        ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx).doesNotHaveBean(DetourListener.class);
        });
  }

  @Test
  void noListenerWhenDisabled() {
    runner
        .withPropertyValues("detour.listener.enabled=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean(DetourListener.class));
  }

  @Test
  void annotatedMethodWithoutTheListenerFailsStartWithTheHint() {
    runner
        .withUserConfiguration(GoodHandler.class)
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("@DetourListen or @DetourResync")
                    .hasMessageContaining("expected detour.listener.enabled=true"));
  }

  @Test
  void badListenSignatureFailsStartNamingTheMethod() {
    runner
        .withPropertyValues("detour.listener.enabled=true")
        .withUserConfiguration(BadHandler.class)
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessage(
                        "@DetourListen on "
                            + BadHandler.Handler.class.getName()
                            + ".onJob(int) (expected no parameter, a Notification, or a String"
                            + " payload)"));
  }

  @Test
  void badListenerValueFailsStartWithTheListenersMessage() {
    runner
        .withPropertyValues(
            "detour.listener.enabled=true", "detour.listener.heartbeat-interval=often")
        .run(
            ctx ->
                assertThat(DetourSettingsTest.configException(ctx.getStartupFailure()).getMessage())
                    .startsWith("detour.listener.heartbeatInterval: 'often' (expected"));
  }

  @Configuration(proxyBeanMethods = false)
  static class GoodHandler {
    @Bean
    Handler handler() {
      return new Handler();
    }

    static class Handler {
      @DetourListen("jobs")
      void onJob(String payload) {}
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class BadHandler {
    @Bean
    Handler handler() {
      return new Handler();
    }

    static class Handler {
      @DetourListen("jobs")
      void onJob(int id) {}
    }
  }
}
