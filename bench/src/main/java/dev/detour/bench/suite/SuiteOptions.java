package dev.detour.bench.suite;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The suite's command-line options, validated.
 *
 * @param mode how many samples
 * @param repo the repository root (holds BENCHMARKS.md and {@code bench/})
 * @param out where the results files go
 * @param benchmarksMd the BENCHMARKS.md to update, or null for none
 * @param seed the seed of every shuffle and resample
 */
record SuiteOptions(SuiteMode mode, Path repo, Path out, Path benchmarksMd, long seed) {

  static SuiteOptions parse(String[] args) {
    SuiteMode mode = SuiteMode.FULL;
    Path out = null;
    Path md = null;
    boolean noMd = false;
    long seed = 20251208L;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> mode = SuiteMode.QUICK;
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--benchmarks-md" -> md = Path.of(value(args, ++i, a));
        case "--no-benchmarks-md" -> noMd = true;
        case "--seed" -> {
          String v = value(args, ++i, a);
          try {
            seed = Long.parseLong(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed: '" + v + "' (expected: an integer)");
          }
        }
        default ->
            throw new IllegalArgumentException(
                "unknown option '"
                    + a
                    + "' (expected: --quick, --out DIR, --benchmarks-md FILE,"
                    + " --no-benchmarks-md, --seed N)");
      }
    }
    Path repo = findRepo(Path.of("").toAbsolutePath());
    return new SuiteOptions(
        mode,
        repo,
        out != null ? out : repo.resolve("bench").resolve("results"),
        noMd ? null : md != null ? md : repo.resolve("BENCHMARKS.md"),
        seed);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + ": missing value");
    }
    return args[i];
  }

  /** The nearest directory at or above {@code from} that holds BENCHMARKS.md and bench/. */
  static Path findRepo(Path from) {
    for (Path p = from; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("BENCHMARKS.md")) && Files.isDirectory(p.resolve("bench"))) {
        return p;
      }
    }
    return from;
  }
}
