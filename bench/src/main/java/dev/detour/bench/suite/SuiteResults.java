package dev.detour.bench.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run of the suite measured: the rows in scenario order, the goals with their
 * verdicts, derived figures (ratios with their intervals), and facts about the run. Written once by
 * the suite's thread, then read by the writers.
 */
public final class SuiteResults {

  final SuiteMode mode;
  final Machine machine;
  final List<ResultRow> rows = new ArrayList<>();
  final List<Goal> goals = new ArrayList<>();
  final Map<String, String> derived = new LinkedHashMap<>();
  final Map<String, String> scenarioNotes = new LinkedHashMap<>();
  final Map<String, Double> scenarioSeconds = new LinkedHashMap<>();
  final Map<String, Double> stepSeconds = new LinkedHashMap<>();
  final List<String> caveats = new ArrayList<>();
  private final List<String> order = new ArrayList<>();
  Machine.Load loadAfter;
  double totalSeconds;

  SuiteResults(SuiteMode mode, Machine machine) {
    this.mode = mode;
    this.machine = machine;
  }

  /** Adds a row at the end. */
  ResultRow row(String scenario, String client) {
    ResultRow r = new ResultRow(scenario, client);
    rows.add(r);
    return r;
  }

  Optional<ResultRow> find(String scenario, String client) {
    return rows.stream()
        .filter(r -> r.scenario.equals(scenario) && r.client.equals(client))
        .findFirst();
  }

  /**
   * Records how long one step of the run took, and prints it: a step is a scenario, a section or a
   * part of one; a step named as a scenario also gives that scenario's heading its time.
   */
  void step(String name, double seconds) {
    stepSeconds.merge(name, seconds, Double::sum);
    if (rows.stream().anyMatch(r -> r.scenario.equals(name))) {
      scenarioSeconds.merge(name, seconds, Double::sum);
    }
    BenchSuite.progress("step: %s done in %.1f s", name, seconds);
  }

  void goal(Goal goal) {
    goals.add(goal);
  }

  void derived(String name, String value) {
    derived.put(name, value);
  }

  void scenarioNote(String scenario, String note) {
    scenarioNotes.merge(scenario, note, (a, b) -> a + " " + b);
  }

  /** Lists {@code scenarios} first in {@link #scenarios()}, in this order, once they have rows. */
  void order(List<String> scenarios) {
    order.clear();
    order.addAll(scenarios);
  }

  List<String> scenarios() {
    List<String> names = new ArrayList<>();
    for (String s : order) {
      if (rows.stream().anyMatch(r -> r.scenario.equals(s))) {
        names.add(s);
      }
    }
    for (ResultRow r : rows) {
      if (!names.contains(r.scenario)) {
        names.add(r.scenario);
      }
    }
    return names;
  }

  /** The rows of {@code scenario}, in order. */
  List<ResultRow> rows(String scenario) {
    return rows.stream().filter(r -> r.scenario.equals(scenario)).toList();
  }

  long goalsMet() {
    return goals.stream().filter(Goal::met).count();
  }
}
