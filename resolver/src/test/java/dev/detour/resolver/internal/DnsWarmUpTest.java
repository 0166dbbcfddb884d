package dev.detour.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DnsWarmUpTest {

  @AfterEach
  void forget() {
    DnsWarmUp.resetForTest();
  }

  @Test
  void theRoundTripDecodesTheAnswerItEncoded() throws Exception {
    assertThat(DnsWarmUp.run()).isEqualTo(1);
  }

  @Test
  void startsOneDaemonThreadPerProcessThatEndsByItself() {
    DnsWarmUp.resetForTest();
    assertThat(DnsWarmUp.start("db.example.com")).isTrue();
    assertThat(DnsWarmUp.start("db.example.com")).isFalse();
    assertThat(DnsWarmUp.start("other.example.com")).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> warmUpThreads() == 0);
  }

  @Test
  void aHostThatNeedsNoDnsStartsNothing() {
    DnsWarmUp.resetForTest();
    assertThat(DnsWarmUp.start(null)).isFalse();
    assertThat(DnsWarmUp.start("127.0.0.1")).isFalse();
    assertThat(DnsWarmUp.start("::1")).isFalse();
    assertThat(DnsWarmUp.start("[::1]")).isFalse();
    // still the first warm-up of the process
    assertThat(DnsWarmUp.start("db.example.com")).isTrue();
  }

  private static long warmUpThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(DnsWarmUp.THREAD_NAME))
        .peek(t -> assertThat(t.isDaemon()).isTrue())
        .count();
  }
}
