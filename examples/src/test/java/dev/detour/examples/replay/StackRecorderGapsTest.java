package dev.detour.examples.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A listener gap is the time nothing could be heard: from the connection's last proof of life, not
 * from the moment the loss was noticed, to the new connection.
 */
class StackRecorderGapsTest {

  private static final long S = 1_000_000_000L;

  private final FakeClock clock = new FakeClock();
  private final StackRecorder recorder = new StackRecorder("test", clock, clock.nanoTime());

  @Test
  void aGapStartsAtTheLastProofOfLifeAndEndsWhenListeningAgain() {
    clock.advance(Duration.ofSeconds(1));
    recorder.listenerAlive(); // last heartbeat answered at 1 s
    clock.advance(Duration.ofSeconds(4));
    recorder.listenerLost("heartbeat timed out"); // noticed at 5 s
    clock.advance(Duration.ofSeconds(1));
    recorder.listenerBack(); // listening again at 6 s

    List<StackRecorder.Gap> gaps = recorder.gaps();
    assertThat(gaps).hasSize(1);
    assertThat(gaps.get(0).start()).isEqualTo(1 * S);
    assertThat(gaps.get(0).end()).isEqualTo(6 * S);
    assertThat(gaps.get(0).reason()).isEqualTo("heartbeat timed out");
  }

  @Test
  void withoutAProofOfLifeSinceConnectingTheGapStartsWhenTheLossIsNoticed() {
    recorder.listenerBack(); // connected at 0 s: a proof of life
    clock.advance(Duration.ofSeconds(2));
    recorder.listenerLost("killed");
    clock.advance(Duration.ofSeconds(1));
    recorder.listenerBack();
    assertThat(recorder.gaps().get(0).start()).isZero();

    StackRecorder fresh = new StackRecorder("fresh", clock, clock.nanoTime());
    clock.advance(Duration.ofSeconds(1));
    fresh.listenerLost("never connected");
    assertThat(fresh.gaps().get(0).start()).isEqualTo(1 * S);
  }

  @Test
  void theListenersOwnGapMovesTheStartBackNeverForward() {
    clock.advance(Duration.ofSeconds(10));
    recorder.listenerLost("stall");
    clock.advance(Duration.ofSeconds(1));
    recorder.listenerBack(); // closed gap 10 s .. 11 s
    recorder.listenerGapBegan(3 * S); // the resync says: nothing heard since 3 s
    assertThat(recorder.gaps().get(0).start()).isEqualTo(3 * S);
    recorder.listenerGapBegan(8 * S); // later than the start: ignored
    assertThat(recorder.gaps().get(0).start()).isEqualTo(3 * S);

    clock.advance(Duration.ofSeconds(5));
    recorder.listenerLost("again"); // open gap from 11 s (the last connect)
    recorder.listenerGapBegan(12 * S);
    assertThat(recorder.gaps().get(1).start()).isEqualTo(11 * S);
  }
}
