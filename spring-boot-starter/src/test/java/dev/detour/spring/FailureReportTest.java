package dev.detour.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * A real {@link SpringApplication} with a bad {@code detour.*} key prints Boot's "APPLICATION
 * FAILED TO START" report with Detour's own message, through the failure analyzer registered in
 * {@code META-INF/spring.factories}.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureReportTest {

  @Test
  void badValuePrintsDetoursMessageInBootsStartupReport(CapturedOutput output) {
    assertThatThrownBy(() -> run("--detour.router.connect-budget=10x")).isNotNull();
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains(
            "Invalid Detour setting: detour.router.connectBudget: '10x' (expected a duration such"
                + " as 250ms, 10s, 2m or PT10S)")
        .contains("Spring also accepts it as detour.router.connect-budget");
  }

  @Test
  void unknownKeyPrintsTheDidYouMeanInBootsStartupReport(CapturedOutput output) {
    assertThatThrownBy(() -> run("--detour.listener.hartbeat-interval=5s")).isNotNull();
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains(
            "Invalid Detour setting: detour.listener.hartbeat-interval: unknown setting (did you"
                + " mean detour.listener.heartbeat-interval?)");
  }

  private static void run(String... args) {
    SpringApplication app = new SpringApplication(App.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.run(args).close();
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {}
}
