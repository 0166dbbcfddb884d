/**
 * The incident replay: two stacks (the incident's baseline and Detour) side by side under the same
 * load and faults, live progress, a report and a chart, and an exit code from Detour's bars. Run it
 * with {@link dev.detour.examples.replay.ReplayMain}.
 */
package dev.detour.examples.replay;
