package dev.detour.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SuiteOptionsTest {

  @Test
  void defaultsAreTheFullRunWritingIntoTheRepository() {
    SuiteOptions o = SuiteOptions.parse(new String[0]);

    assertThat(o.mode()).isEqualTo(SuiteMode.FULL);
    assertThat(o.out()).isEqualTo(o.repo().resolve("bench").resolve("results"));
    assertThat(o.benchmarksMd()).isEqualTo(o.repo().resolve("BENCHMARKS.md"));
  }

  @Test
  void quickOutAndNoBenchmarksMdAreRead() {
    SuiteOptions o =
        SuiteOptions.parse(new String[] {"--quick", "--out", "/tmp/x", "--no-benchmarks-md"});

    assertThat(o.mode()).isEqualTo(SuiteMode.QUICK);
    assertThat(o.out()).isEqualTo(Path.of("/tmp/x"));
    assertThat(o.benchmarksMd()).isNull();
  }

  @Test
  void anUnknownOptionIsNamedWithTheExpectedOnes() {
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--fast"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown option '--fast' (expected: --quick, --out DIR, --benchmarks-md FILE,"
                + " --no-benchmarks-md, --seed N)");
  }

  @Test
  void aMissingOrBadValueIsNamed() {
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--out"}))
        .hasMessage("--out: missing value");
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--seed", "x"}))
        .hasMessage("--seed: 'x' (expected: an integer)");
  }
}
