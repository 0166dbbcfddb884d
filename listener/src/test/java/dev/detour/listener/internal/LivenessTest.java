package dev.detour.listener.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.testkit.FakeClock;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat's schedule and the statements' read timeouts on the fake clock: a silent connection
 * is declared lost at most interval + timeout after its last proof of life, never later.
 */
class LivenessTest {

  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final long POLL = Duration.ofMillis(100).toNanos();

  private final FakeClock clock = new FakeClock();
  private final long opened = clock.nanoTime();
  private final Liveness live = new Liveness(clock, true, INTERVAL, TIMEOUT);

  private static final long RESERVE = Duration.ofMillis(20).toNanos();

  /** The ticker reading at which a heartbeat sent now times out. */
  private long timesOutAt(long now) {
    return now + Duration.ofMillis(live.readTimeoutMillis(now)).toNanos();
  }

  @Test
  void theFirstHeartbeatIsDueOneIntervalAfterTheConnectionOpened() {
    assertThat(live.heartbeatDue()).isEqualTo(opened + INTERVAL.toNanos());
    clock.advance(Duration.ofMillis(999));
    assertThat(live.heartbeatDueAt(clock.nanoTime())).isFalse();
    assertThat(live.waitNanos(clock.nanoTime(), POLL)).isEqualTo(Duration.ofMillis(1).toNanos());
    clock.advance(Duration.ofMillis(1));
    assertThat(live.heartbeatDueAt(clock.nanoTime())).isTrue();
  }

  @Test
  void aNotificationWaitNeverRunsPastThePollIntervalOrTheHeartbeat() {
    assertThat(live.waitNanos(clock.nanoTime(), POLL)).isEqualTo(POLL);
    clock.advance(Duration.ofMillis(950));
    assertThat(live.waitNanos(clock.nanoTime(), POLL)).isEqualTo(Duration.ofMillis(50).toNanos());
    clock.advance(Duration.ofMillis(200)); // late: the wait is as short as it can be
    assertThat(live.waitNanos(clock.nanoTime(), POLL)).isEqualTo(1);
  }

  @Test
  void aHeartbeatSentOnTimeTimesOutTheReserveBeforeIntervalPlusTimeout() {
    clock.advance(INTERVAL);
    long now = clock.nanoTime();
    assertThat(live.readTimeoutMillis(now)).isEqualTo(980);
    assertThat(timesOutAt(now)).isEqualTo(opened + INTERVAL.plus(TIMEOUT).toNanos() - RESERVE);
    assertThat(live.deadline()).isEqualTo(opened + INTERVAL.plus(TIMEOUT).toNanos());
  }

  @Test
  void theReserveIs20MillisecondsOrATenthOfTheTimeout() {
    assertThat(Liveness.reserveNanos(Duration.ofSeconds(5).toNanos())).isEqualTo(RESERVE);
    assertThat(Liveness.reserveNanos(Duration.ofMillis(200).toNanos())).isEqualTo(RESERVE);
    assertThat(Liveness.reserveNanos(Duration.ofMillis(100).toNanos()))
        .isEqualTo(Duration.ofMillis(10).toNanos());
  }

  @Test
  void aHeartbeatSentLateWaitsOnlyWhatIsLeftSoTheLossIsStillDeclaredByTheDeadline() {
    clock.advance(INTERVAL.plusMillis(3)); // the send lands a little after its due time
    long now = clock.nanoTime();
    assertThat(live.readTimeoutMillis(now)).isEqualTo(977);
    assertThat(timesOutAt(now)).isEqualTo(live.deadline() - RESERVE);
  }

  @Test
  void theReadTimeoutIsRoundedDownToWholeMillisecondsNeverPastTheDeadline() {
    clock.advance(INTERVAL.plusNanos(2_500_001)); // 977.499999 ms left
    long now = clock.nanoTime();
    assertThat(live.readTimeoutMillis(now)).isEqualTo(977);
    assertThat(timesOutAt(now)).isLessThanOrEqualTo(live.deadline() - RESERVE);
  }

  @Test
  void theDeadlineRunsFromTheLastProofOfLifeWhateverItWas() {
    clock.advance(Duration.ofMillis(700));
    live.proofOfLife(); // notifications arrived
    long proof = clock.nanoTime();
    assertThat(live.deadline()).isEqualTo(proof + INTERVAL.plus(TIMEOUT).toNanos());
    // the heartbeat still runs on its own schedule, so it keeps sampling while notifications flow
    assertThat(live.heartbeatDue()).isEqualTo(opened + INTERVAL.toNanos());
    clock.advance(Duration.ofMillis(300));
    long now = clock.nanoTime();
    assertThat(live.heartbeatDueAt(now)).isTrue();
    // and its read timeout is never more than the timeout, even with time to spare
    assertThat(live.readTimeoutMillis(now)).isEqualTo(1000);
  }

  @Test
  void aStatementSentBetweenHeartbeatsEndsByTheDeadlineToo() {
    clock.advance(Duration.ofMillis(1500)); // e.g. a LISTEN after the heartbeat was skipped late
    long now = clock.nanoTime();
    assertThat(live.readTimeoutMillis(now)).isEqualTo(480);
    assertThat(timesOutAt(now)).isEqualTo(live.deadline() - RESERVE);
  }

  @Test
  void anAnsweredHeartbeatMovesBothTheNextHeartbeatAndTheDeadline() {
    clock.advance(Duration.ofMillis(1010));
    live.heartbeatAnswered();
    long answered = clock.nanoTime();
    assertThat(live.heartbeatDue()).isEqualTo(answered + INTERVAL.toNanos());
    assertThat(live.deadline()).isEqualTo(answered + INTERVAL.plus(TIMEOUT).toNanos());
  }

  @Test
  void whenLessThanAMillisecondIsLeftTheConnectionIsDeclaredLostAtOnceWithoutBlame()
      throws Exception {
    clock.advance(INTERVAL.plus(TIMEOUT).minusNanos(RESERVE + 999_999));
    assertThat(live.readTimeoutMillis(clock.nanoTime())).isZero();
    assertThatThrownBy(live::armNow)
        .isInstanceOf(Liveness.Overdue.class)
        .hasMessageContaining("past heartbeatInterval + heartbeatTimeout (2000 ms)")
        .hasRootCauseInstanceOf(SocketTimeoutException.class);
    assertThat(LossCause.of(new Liveness.Overdue(2000, 2000))).isEqualTo(LossCause.TIMEOUT);
  }

  @Test
  void oneMillisecondLeftIsStillAskedFor() throws Exception {
    clock.advance(INTERVAL.plus(TIMEOUT).minusNanos(RESERVE).minusMillis(1));
    assertThat(live.armNow()).isEqualTo(1);
  }

  @Test
  void withTheHeartbeatOffEveryStatementGetsTheTimeoutAndNoHeartbeatIsEverDue() throws Exception {
    Liveness off = new Liveness(clock, false, INTERVAL, TIMEOUT);
    clock.advance(Duration.ofHours(1));
    long now = clock.nanoTime();
    assertThat(off.heartbeatDueAt(now)).isFalse();
    assertThat(off.waitNanos(now, POLL)).isEqualTo(POLL);
    assertThat(off.armNow()).isEqualTo(1000);
  }

  @Test
  void aSuspectCheckEndsWithinItsCapOrTheDeadlineWhicheverComesFirst() throws Exception {
    // early in the interval: the cap decides
    clock.advance(Duration.ofMillis(100));
    assertThat(live.armWithin(Duration.ofMillis(300).toNanos())).isEqualTo(300);
    // late: the connection's own deadline comes first (2 s - 20 ms reserve - 1.9 s = 80 ms)
    clock.advance(Duration.ofMillis(1_800));
    assertThat(live.armWithin(Duration.ofMillis(300).toNanos())).isEqualTo(80);
    // a cap below a millisecond still gives the read a millisecond (0 would mean forever)
    assertThat(live.armWithin(1)).isEqualTo(1);
    // past the deadline: overdue, as for any statement
    clock.advance(Duration.ofMillis(100));
    assertThatThrownBy(() -> live.armWithin(Duration.ofMillis(300).toNanos()))
        .isInstanceOf(Liveness.Overdue.class);
  }
}
