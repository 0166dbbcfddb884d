package dev.detour.bench.router;

import static dev.detour.bench.router.ScenarioConnects.arg;

import dev.detour.router.RouterRegistry;
import dev.detour.testkit.NeonLikeFleet;

/**
 * Runs only the cold-JVM row of {@link LearningScenarios} (the first connect of a fresh child JVM,
 * plain pgjdbc against {@code jdbc:detour:}, healthy fleet, interleaved) on a fleet of its own, and
 * prints the table with the ratio of medians. Argument: child JVMs per client (default 10).
 */
public final class ColdJvmScenario {

  private ColdJvmScenario() {}

  /** Runs the row and prints the table. */
  public static void main(String[] args) throws Exception {
    LatencyTable table = new LatencyTable();
    try (NeonLikeFleet fleet = NeonLikeFleet.start()) {
      fleet.clearFaults();
      LearningScenarios.coldJvm(
          fleet,
          fleet.postgres().database(),
          fleet.postgres().connectionProperties(),
          table,
          arg(args, 0, 10));
    } finally {
      RouterRegistry.closeAll();
    }
    System.out.println();
    System.out.print(table.render());
  }
}
