package dev.detour.examples.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultTimelineTest {

  private static final long S = 1_000_000_000L;

  @Test
  void healthyCountFollowsTheMarksAndIsFullBeforeTheFirst() {
    FaultTimeline t = new FaultTimeline();
    t.mark(10 * S, 4, true, "8 down");
    t.mark(30 * S, 12, false, "clear");

    assertThat(t.healthyAt(5 * S, 12)).isEqualTo(12);
    assertThat(t.healthyAt(10 * S, 12)).isEqualTo(4);
    assertThat(t.healthyAt(29 * S, 12)).isEqualTo(4);
    assertThat(t.healthyAt(31 * S, 12)).isEqualTo(12);
  }

  @Test
  void killingDuringCoversMarksInsideTheIntervalAndTheOneInForceAtItsStart() {
    FaultTimeline t = new FaultTimeline();
    t.mark(10 * S, 4, true, "8 down");
    t.mark(30 * S, 12, false, "clear");

    assertThat(t.killingDuring(1 * S, 5 * S)).isFalse();
    assertThat(t.killingDuring(5 * S, 11 * S)).as("a fault began during it").isTrue();
    assertThat(t.killingDuring(12 * S, 40 * S)).as("in force at its start").isTrue();
    assertThat(t.killingDuring(31 * S, 40 * S)).isFalse();
  }

  @Test
  void barsExcuseOnlyFailuresOnKilledConnectionsOrWithNoHealthyAddress() {
    FaultTimeline t = new FaultTimeline();
    t.mark(10 * S, 4, true, "8 down");
    t.mark(20 * S, 0, true, "all down");
    t.mark(30 * S, 12, false, "clear");
    StackSummary s = summary(0, 5.0);
    List<StackRecorder.Failure> excused =
        List.of(
            new StackRecorder.Failure(11 * S, 12 * S, FailureKind.QUERY, "read timed out"),
            new StackRecorder.Failure(21 * S, 21 * S, FailureKind.FAST_FAIL, "unreachable"));

    assertThat(Bars.judge(s, excused, t, 12, Duration.ofSeconds(40)).get(0).met()).isTrue();

    List<StackRecorder.Failure> bad =
        List.of(new StackRecorder.Failure(12 * S, 17 * S, FailureKind.POOL_TIMEOUT, "timeout"));
    Bars.Outcome o = Bars.judge(s, bad, t, 12, Duration.ofSeconds(40)).get(0);
    assertThat(o.met()).isFalse();
    assertThat(o.detail())
        .contains("1 such failures; the first at 12.0s after 5000 ms (pool timeout)");
  }

  @Test
  void aRequestStillHungPastTheBoundMissesTheSecondBar() {
    Bars.Outcome o =
        Bars.judge(summary(2, 45.0), List.of(), new FaultTimeline(), 12, Duration.ofSeconds(40))
            .get(1);
    assertThat(o.met()).isFalse();
    assertThat(o.detail())
        .isEqualTo("longest request 45.0s (2 still hung at the end, the oldest for 45.0s)");
  }

  private static StackSummary summary(int hung, double oldest) {
    return new StackSummary(
        "detour", "", 10, 0, 1, 1, 1, hung, oldest, 0, 0, 0, 0, 0, 0, 0, true, 0, 1, 1, 0, 0, 1, 1,
        List.of());
  }
}
