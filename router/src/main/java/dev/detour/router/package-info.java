/**
 * Connection routing for Detour: one healthy address within one total budget, per-address health,
 * fast-fail, and the {@code jdbc:detour:} driver. Start at {@link dev.detour.router.Router}.
 */
package dev.detour.router;
