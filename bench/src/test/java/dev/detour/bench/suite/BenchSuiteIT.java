package dev.detour.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.bench.peers.PsqlPeer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole suite in its quick mode (every scenario and every client, few samples each, a 6 s
 * deadline), the documented smoke check, on the real lab: embedded PostgreSQL, the DNS server, the
 * fault proxies, child JVMs, the replay's child JVM, and psql when present. Its files go to a
 * temporary directory and a copy of BENCHMARKS.md there: the repository's BENCHMARKS.md and
 * bench/results are left as they are. Checks that every peer has its row in every scenario
 * (measured, or absent with a reason), that every goal has a verdict, and that the Markdown, JSON,
 * PNG and SVG files are written. It checks the suite's completeness, not Detour's figures: those
 * are the goals' job.
 */
class BenchSuiteIT {

  private static final List<String> CONNECT_SCENARIOS =
      List.of(
          ConnectScenarios.HEALTHY,
          ConnectScenarios.COLD,
          ConnectScenarios.LEARNING,
          ConnectScenarios.WARM,
          ConnectScenarios.LAST_ONE,
          ConnectScenarios.STALL,
          ConnectScenarios.ALL_DOWN,
          ConnectScenarios.BURST,
          ConnectScenarios.COLD_JVM);

  /** The connect peers with a row in every connect scenario (psql: measured, or absent). */
  private static final List<String> PEERS =
      List.of(
          ConnectLab.PLAIN_FIRST,
          ConnectLab.PLAIN_TIMEOUTS,
          ConnectLab.AWS_WRAPPER,
          ConnectLab.LIBPQ_STRATEGY);

  /** The scenarios of Detour's routing state, where the peers' rows say why they are empty. */
  private static final List<String> STATELESS_SCENARIOS =
      List.of(ConnectScenarios.LEARNING, ConnectScenarios.WARM, ConnectScenarios.BURST);

  private static final List<String> FAULT_SCENARIOS =
      List.of(
          ConnectScenarios.COLD,
          ConnectScenarios.LAST_ONE,
          ConnectScenarios.STALL,
          ConnectScenarios.ALL_DOWN);

  private static final List<String> LISTENER_SCENARIOS =
      List.of(
          ListenerSection.DELIVERY_1K,
          ListenerSection.DELIVERY_10K,
          ListenerSection.KILL,
          ListenerSection.STALL);

  @Test
  void quickModeWritesEveryPeersRowAndEveryFile(@TempDir Path dir) throws Exception {
    Path md = dir.resolve("BENCHMARKS.md");
    Files.writeString(md, "# Benchmarks\n\nintro\n\n## Router\n\nkept as it is\n");
    Path repo = SuiteOptions.findRepo(Path.of("").toAbsolutePath());
    String repoBenchmarks = Files.readString(repo.resolve("BENCHMARKS.md"));
    List<Path> repoResults = list(repo.resolve("bench").resolve("results"));

    SuiteRun run =
        BenchSuite.run(
            new String[] {"--quick", "--out", dir.toString(), "--benchmarks-md", md.toString()});
    SuiteResults results = run.results();

    boolean psql = PsqlPeer.find().isPresent();
    for (String scenario : CONNECT_SCENARIOS) {
      List<ResultRow> rows = results.rows(scenario);
      for (String peer : PEERS) {
        assertThat(rows).as(scenario + ": " + peer).anyMatch(r -> r.client.equals(peer));
      }
      // psql: measured where the peers connect when it is on the PATH; "absent: ..." otherwise
      boolean connects = !STATELESS_SCENARIOS.contains(scenario);
      assertThat(rows)
          .as(scenario + ": the psql row (psql on the PATH: " + psql + ")")
          .anyMatch(
              r ->
                  r.client.startsWith("psql")
                      && (psql
                          ? r.measured() == connects
                          : !r.measured() && r.absentReason.startsWith("absent: ")));
      assertThat(rows).as(scenario + ": Detour").anyMatch(r -> r.client.startsWith("Detour"));
    }
    assertThat(results.rows(ConnectScenarios.HEALTHY))
        .as("plain pgjdbc, the healthy goal's reference")
        .anyMatch(r -> r.client.equals(ConnectLab.PLAIN_ONE_ADDRESS) && r.count() > 0);
    // the peers are measured (not absent) wherever they connect, hung or not
    for (String scenario : FAULT_SCENARIOS) {
      for (String peer : PEERS) {
        assertThat(results.find(scenario, peer).orElseThrow().count())
            .as(scenario + ": " + peer)
            .isPositive();
      }
      assertThat(results.find(scenario, ConnectLab.DETOUR_COLD).orElseThrow().count())
          .as(scenario + ": Detour, cold router")
          .isPositive();
    }
    // every fault round gave every peer exactly its rounds' attempts: none lost to a hang
    for (String peer : PEERS) {
      assertThat(results.find(ConnectScenarios.ALL_DOWN, peer).orElseThrow().count())
          .as(peer)
          .isEqualTo(SuiteMode.QUICK.allDownRounds);
    }
    for (ResultRow r : results.rows) {
      assertThat(r.measured() ? r.count() > 0 : !r.absentReason.isBlank())
          .as(r.scenario + " / " + r.client + ": samples, or a reason")
          .isTrue();
    }
    for (String scenario : List.of(PoolSection.THROUGHPUT, PoolSection.INCIDENT)) {
      assertThat(results.rows(scenario))
          .as(scenario)
          .anyMatch(r -> r.client.equals(PoolSection.HIKARI))
          .anyMatch(r -> r.client.startsWith(PoolSection.DETOUR));
    }
    for (String scenario : LISTENER_SCENARIOS) {
      assertThat(results.rows(scenario))
          .as(scenario)
          .anyMatch(r -> r.client.equals(ListenerSection.BARE) && r.count() > 0)
          .anyMatch(r -> r.client.startsWith(ListenerSection.DETOUR));
    }
    assertThat(results.rows(ReplaySection.SCENARIO))
        .as("the replay's two stacks")
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(results.goals).extracting(Goal::issue).contains(8, 10, 11);
    // the stalled-handshakes goal finds both of its rows (Detour's 50-connect rounds, libpq's
    // strategy in the same scenario) and judges them, met or not
    assertThat(results.rows(ConnectScenarios.STALL))
        .extracting(r -> r.client)
        .contains(LearningSection.STALL_ROUNDS, ConnectLab.LIBPQ_STRATEGY);
    assertThat(results.goals)
        .filteredOn(g -> g.text().startsWith("stalled handshakes"))
        .singleElement()
        .satisfies(g -> assertThat(g.result()).doesNotStartWith("not measured"));
    // every step's time is in the results, in the Markdown and in the JSON
    assertThat(results.stepSeconds).containsKeys(ConnectScenarios.HEALTHY, PoolSection.INCIDENT);

    assertThat(run.markdownFile()).exists().hasParent(dir);
    String markdown = Files.readString(run.markdownFile());
    assertThat(markdown)
        .contains("### Goals")
        .contains("### Time per step")
        .contains(PoolSection.HIKARI)
        .contains(ListenerSection.BARE)
        .contains(ConnectLab.PLAIN_ONE_ADDRESS);
    for (String peer : PEERS) {
      assertThat(markdown).as("Markdown: " + peer).contains(peer);
    }
    String json = Files.readString(run.jsonFile());
    assertThat(json)
        .startsWith("{")
        .contains("\"samplesMs\"")
        .contains("\"goals\"")
        .contains("\"steps\"");
    for (String peer : PEERS) {
      assertThat(json).contains("\"client\": \"" + peer + "\"");
    }
    byte[] png = Files.readAllBytes(run.pngFile());
    assertThat(png).hasSizeGreaterThan(1000);
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    assertThat(Files.readString(run.svgFile())).contains("<svg");

    String updated = Files.readString(md);
    assertThat(updated)
        .startsWith("# Benchmarks\n\nintro\n")
        .contains(BenchmarksMd.BEGIN)
        .contains("### Goals")
        .endsWith("## Router\n\nkept as it is\n");
    // the run wrote nothing into the repository
    assertThat(Files.readString(repo.resolve("BENCHMARKS.md"))).isEqualTo(repoBenchmarks);
    assertThat(list(repo.resolve("bench").resolve("results"))).isEqualTo(repoResults);
  }

  private static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
