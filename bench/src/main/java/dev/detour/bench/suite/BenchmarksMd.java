package dev.detour.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps BENCHMARKS.md's "latest suite run" section: the text between {@value #BEGIN} and {@value
 * #END} is replaced by the latest run; without the markers, the section goes in before the first
 * {@code ## } heading. The rest of the file is left as it is.
 */
final class BenchmarksMd {

  static final String BEGIN = "<!-- bench-suite:latest:begin (written by BenchSuite) -->";
  static final String END = "<!-- bench-suite:latest:end -->";

  private BenchmarksMd() {}

  static void update(Path file, String section) throws IOException {
    String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
    String block =
        BEGIN
            + "\n## Latest suite run: Detour and its peers, side by side (issue 13)\n\n"
            + section.stripTrailing()
            + "\n"
            + END;
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    String updated;
    if (begin >= 0 && end > begin) {
      updated = text.substring(0, begin) + block + text.substring(end + END.length());
    } else {
      int at = text.indexOf("\n## ");
      updated =
          at < 0
              ? text.stripTrailing() + "\n\n" + block + "\n"
              : text.substring(0, at + 1) + block + "\n\n" + text.substring(at + 1);
    }
    Files.writeString(file, updated);
  }
}
