package dev.detour.bench.router;

import dev.detour.testkit.NeonLikeFleet;
import java.util.List;
import java.util.function.BiConsumer;
import org.HdrHistogram.Histogram;

/**
 * Runs the issue-8 scenarios ({@link LearningScenarios}: learning, stalled handshakes with libpq's
 * strategy beside them, bursts, cold JVM) on a fleet the caller owns, and hands back their rows,
 * for the benchmark suite.
 */
public final class LearningRows {

  /**
   * One row of {@link LearningScenarios}.
   *
   * @param scenario the scenario, as LearningScenarios names it
   * @param client the client
   * @param micros every sample in microseconds
   * @param ok successes
   * @param failed failures
   * @param note the row's note, or empty
   */
  public record Row(
      String scenario, String client, Histogram micros, int ok, int failed, String note) {}

  private LearningRows() {}

  /**
   * Runs the scenarios on {@code fleet} (faults cleared first).
   *
   * @param fleet the lab
   * @param sizes how many samples each scenario takes
   * @param partSeconds told each part's name and elapsed seconds as it ends
   * @return the rows in order
   * @throws Exception if the lab fails
   */
  public static List<Row> run(
      NeonLikeFleet fleet, LearningScenarios.Sizes sizes, BiConsumer<String, Double> partSeconds)
      throws Exception {
    LatencyTable table = new LatencyTable();
    LearningScenarios.run(fleet, table, sizes, partSeconds);
    return table.rows().stream()
        .map(r -> new Row(r.scenario, r.client, r.micros, r.ok, r.failed, r.note))
        .toList();
  }
}
