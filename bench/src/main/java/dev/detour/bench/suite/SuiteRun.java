package dev.detour.bench.suite;

import java.nio.file.Path;

/**
 * What one run wrote.
 *
 * @param markdownFile the results in Markdown
 * @param jsonFile every figure, with every sample
 * @param pngFile the chart as PNG
 * @param svgFile the chart as SVG
 * @param markdown the Markdown body (also the BENCHMARKS.md section)
 * @param results the run's rows and goals
 */
public record SuiteRun(
    Path markdownFile,
    Path jsonFile,
    Path pngFile,
    Path svgFile,
    String markdown,
    SuiteResults results) {}
