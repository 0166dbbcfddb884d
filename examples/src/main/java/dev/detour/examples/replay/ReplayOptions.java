package dev.detour.examples.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A replay's settings, validated by {@link ReplayCommand}.
 *
 * @param phases one duration per phase of the scenario
 * @param workers request workers per stack
 * @param think the pause between two requests of one worker
 * @param jobInterval one job per stack is inserted this often
 * @param drain how long to wait after the last phase for jobs to be processed
 * @param reportDir where the report goes
 * @param color whether the progress may use terminal colours
 */
record ReplayOptions(
    Scenario scenario,
    List<Duration> phases,
    int workers,
    Duration think,
    Duration jobInterval,
    Duration drain,
    Path reportDir,
    boolean color,
    long seed) {

  /** The run's planned length: every phase plus the drain. */
  Duration planned() {
    Duration d = drain;
    for (Duration p : phases) {
      d = d.plus(p);
    }
    return d;
  }
}
