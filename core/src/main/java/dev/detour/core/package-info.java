/**
 * The seams shared by every Detour module.
 *
 * <ul>
 *   <li>{@link dev.detour.core.Ticker} and {@link dev.detour.core.Scheduler}: the only clock and
 *       the only source of threads, so logic runs on virtual time in tests;
 *   <li>{@link dev.detour.core.Settings} and {@link dev.detour.core.Durations}: validated {@code
 *       detour.*} configuration with precise errors;
 *   <li>{@link dev.detour.core.Secrets}: redaction of passwords before anything is printed.
 * </ul>
 */
package dev.detour.core;
