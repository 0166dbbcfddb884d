package dev.detour.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.core.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is refused with a message naming it, before anything connects or is sent. */
class DetourListenerInputsTest {

  private final AtomicInteger connects = new AtomicInteger();

  private DetourListener unstarted() {
    return DetourListener.builder()
        .connectionSupplier(
            () -> {
              connects.incrementAndGet();
              throw new SQLException("must not connect", "08001");
            })
        .build();
  }

  @Test
  void channelNamesMustBeNonEmptyWithoutNulAndAtMost63Utf8Bytes() {
    try (DetourListener l = unstarted()) {
      NotificationHandler h = n -> {};
      assertThatThrownBy(() -> l.subscribe("", h))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("channel: '' (expected: a non-empty name)");
      assertThatThrownBy(() -> l.subscribe("a\0b", h))
          .hasMessage("channel: 'a\\0b' contains NUL (expected: no NUL character)");
      String long64 = "é".repeat(32); // 64 bytes in UTF-8, 32 characters
      assertThatThrownBy(() -> l.subscribe(long64, h))
          .hasMessageContaining("is 64 bytes in UTF-8 (expected: at most 63");
      assertThat(l.subscribe("x".repeat(63), h).channel()).hasSize(63);
      assertThat(l.subscribe("Mixed Case \"quoted\"", h).channel())
          .isEqualTo("Mixed Case \"quoted\"");
    }
    assertThat(connects).hasValue(0);
  }

  @Test
  void payloadsOf8000BytesOrMoreAreRefusedBeforeConnecting() {
    try (DetourListener l = unstarted()) {
      assertThatThrownBy(() -> l.notify("jobs", "x".repeat(8000)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "payload for channel 'jobs': 8000 bytes in UTF-8 (expected: fewer than 8000)");
      assertThatThrownBy(() -> l.notify("jobs", "€".repeat(2667)))
          .hasMessageContaining("8001 bytes in UTF-8");
      assertThatThrownBy(() -> l.notify("", "x")).hasMessageContaining("channel: ''");
    }
    assertThat(connects).hasValue(0);
  }

  @Test
  void poolerHostIsRefusedAtBuildTimeWithTheReasonAndTheDirectHost() {
    assertThatThrownBy(
            () ->
                DetourListener.builder()
                    .url(
                        "jdbc:detour:postgresql://ep-cool-42-pooler.eu-central-1.aws.neon.tech/app")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host 'ep-cool-42-pooler.eu-central-1.aws.neon.tech'")
        .hasMessageContaining("transaction pooler, where LISTEN does not work")
        .hasMessageContaining("'ep-cool-42.eu-central-1.aws.neon.tech'");
  }

  @Test
  void urlAndSupplierAreExclusiveAndTheUrlMustBeDetours() {
    assertThatThrownBy(() -> DetourListener.builder().build())
        .hasMessage("url/connectionSupplier: neither set (expected: exactly one)");
    assertThatThrownBy(
            () ->
                DetourListener.builder()
                    .url("jdbc:detour:postgresql://db.example/app")
                    .connectionSupplier(() -> null)
                    .build())
        .hasMessage("url/connectionSupplier: both set (expected: exactly one)");
    assertThatThrownBy(
            () -> DetourListener.builder().url("jdbc:postgresql://u:secret@db.example/app"))
        .hasMessageContaining("expected: jdbc:detour:postgresql://")
        .hasMessageNotContaining("secret");
  }

  @Test
  void knobsOutsideTheirRangeNameTheKnobTheValueAndTheRange() {
    assertThatThrownBy(() -> DetourListener.builder().heartbeatInterval(Duration.ofMillis(10)))
        .hasMessage("heartbeatInterval: 10ms (expected: 100ms <= heartbeatInterval <= 1h)");
    assertThatThrownBy(() -> DetourListener.builder().queueCapacity(0))
        .hasMessage("queueCapacity: 0 (expected: 1 <= queueCapacity <= 1000000)");
    assertThatThrownBy(
            () ->
                DetourListener.builder()
                    .reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.5))
        .hasMessageContaining("reconnectMaxDelay: 1s (expected: 2s <= reconnectMaxDelay");
    assertThatThrownBy(() -> DetourListener.builder().property("detour.listener.x", "1"))
        .hasMessageContaining("detour.listener.x: a listener knob");
  }

  @Test
  void propertiesRejectUnknownKeysWithASuggestionAndNeverEchoThePassword(@TempDir Path dir)
      throws Exception {
    Properties p = new Properties();
    p.setProperty("url", "jdbc:detour:postgresql://db.example/app");
    p.setProperty("password", "hunter2");
    p.setProperty("detour.listener.heartbeatIntervall", "5s");
    assertThatThrownBy(() -> DetourListener.fromProperties(p))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("did you mean detour.listener.heartbeatInterval?")
        .hasMessageNotContaining("hunter2");

    p.remove("detour.listener.heartbeatIntervall");
    p.setProperty("detour.listener.overflowPolicy", "explode");
    assertThatThrownBy(() -> DetourListener.fromProperties(p))
        .hasMessage(
            "detour.listener.overflowPolicy: 'explode' (expected one of COALESCE_AND_RESYNC,"
                + " DROP_NEWEST, FAIL)");

    p.setProperty("detour.listener.overflowPolicy", "drop_newest");
    p.remove("password");
    p.setProperty("passwordFile", dir.resolve("missing").toString());
    assertThatThrownBy(() -> DetourListener.fromProperties(p))
        .hasMessageContaining("passwordFile: '")
        .hasMessageContaining("cannot be read");

    Path file = dir.resolve("pw");
    Files.writeString(file, "hunter2\n");
    p.setProperty("passwordFile", file.toString());
    try (DetourListener l = DetourListener.fromProperties(p)) {
      assertThat(l.toString()).doesNotContain("hunter2").contains("db.example");
      assertThat(l.state()).isInstanceOf(ListenerState.Connecting.class);
    }
  }

  @Test
  void closeBeforeStartIsImmediateAndStartAfterCloseIsRefused() {
    DetourListener l = unstarted();
    assertThat(l.close(Duration.ofSeconds(1))).isTrue();
    assertThat(l.state()).isInstanceOf(ListenerState.Closed.class);
    assertThatThrownBy(l::start).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> l.subscribe("a", n -> {})).isInstanceOf(IllegalStateException.class);
  }
}
