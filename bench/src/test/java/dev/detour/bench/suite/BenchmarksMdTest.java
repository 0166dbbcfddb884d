package dev.detour.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarksMdTest {

  @Test
  void sectionGoesBeforeTheFirstHeadingAndIsReplacedOnTheNextRun(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("BENCHMARKS.md");
    Files.writeString(file, "# Benchmarks\n\nintro\n\n## Router\n\nrouter text\n");

    BenchmarksMd.update(file, "first run\n");
    BenchmarksMd.update(file, "second run\n");

    String text = Files.readString(file);
    assertThat(text)
        .startsWith("# Benchmarks\n\nintro\n\n" + BenchmarksMd.BEGIN)
        .contains("second run")
        .doesNotContain("first run")
        .endsWith(BenchmarksMd.END + "\n\n## Router\n\nrouter text\n");
    assertThat(text.indexOf(BenchmarksMd.BEGIN)).isEqualTo(text.lastIndexOf(BenchmarksMd.BEGIN));
  }

  @Test
  void aFileWithoutHeadingsGetsTheSectionAtTheEnd(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("BENCHMARKS.md");
    Files.writeString(file, "# Benchmarks\n");

    BenchmarksMd.update(file, "run\n");

    assertThat(Files.readString(file))
        .startsWith("# Benchmarks\n\n" + BenchmarksMd.BEGIN)
        .endsWith(BenchmarksMd.END + "\n");
  }
}
