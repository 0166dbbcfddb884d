package dev.detour.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole suite in its test mode (every scenario and every client, a few samples each, a 6 s
 * deadline) on the real lab: embedded PostgreSQL, the DNS server, the fault proxies, child JVMs and
 * psql when present. Checks that every peer has its row in every connect scenario (measured, or
 * absent with a reason), that the pool and listener rows are there, that every goal has a verdict,
 * and that the Markdown, JSON, PNG and SVG files are written and BENCHMARKS.md's section replaced.
 * It checks the suite's completeness, not Detour's figures: those are the goals' job.
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

  private static final List<String> PEERS =
      List.of(
          ConnectLab.PLAIN_FIRST,
          ConnectLab.PLAIN_TIMEOUTS,
          ConnectLab.AWS_WRAPPER,
          ConnectLab.LIBPQ_STRATEGY);

  @Test
  void testModeWritesEveryPeersRowAndEveryFile(@TempDir Path dir) throws Exception {
    Path md = dir.resolve("BENCHMARKS.md");
    Files.writeString(md, "# Benchmarks\n\nintro\n\n## Router\n\nkept as it is\n");

    SuiteRun run =
        BenchSuite.run(
            new String[] {"--test", "--out", dir.toString(), "--benchmarks-md", md.toString()});
    SuiteResults results = run.results();

    for (String scenario : CONNECT_SCENARIOS) {
      List<ResultRow> rows = results.rows(scenario);
      assertThat(rows).as(scenario).isNotEmpty();
      for (String peer : PEERS) {
        assertThat(rows).as(scenario + ": " + peer).anyMatch(r -> r.client.equals(peer));
      }
      assertThat(rows)
          .as(scenario + ": the psql row, measured or absent")
          .anyMatch(r -> r.client.startsWith("psql"));
      assertThat(rows).as(scenario + ": Detour").anyMatch(r -> r.client.startsWith("Detour"));
    }
    for (ResultRow r : results.rows) {
      assertThat(r.measured() ? r.count() > 0 : !r.absentReason.isBlank())
          .as(r.scenario + " / " + r.client + ": samples, or a reason")
          .isTrue();
    }
    // every fault round gave every peer exactly its rounds' attempts: none lost to a hang
    for (String peer : PEERS) {
      assertThat(results.find(ConnectScenarios.ALL_DOWN, peer).orElseThrow().count())
          .as(peer)
          .isEqualTo(SuiteMode.TEST.allDownRounds);
    }
    assertThat(results.rows(PoolSection.THROUGHPUT))
        .extracting(r -> r.client)
        .contains(PoolSection.HIKARI);
    assertThat(results.rows(ListenerSection.DELIVERY_1K))
        .extracting(r -> r.client)
        .contains(ListenerSection.BARE);
    assertThat(results.rows(ListenerSection.STALL))
        .extracting(r -> r.client)
        .contains(ListenerSection.BARE);
    assertThat(results.rows(ReplaySection.SCENARIO)).hasSizeGreaterThanOrEqualTo(2);
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

    assertThat(run.markdownFile()).exists();
    assertThat(Files.readString(run.markdownFile()))
        .contains("### Goals")
        .contains("### Time per step")
        .contains(ConnectScenarios.STALL)
        .contains(ConnectLab.AWS_WRAPPER);
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
  }
}
