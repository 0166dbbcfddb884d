/**
 * Detour listener: reconnecting {@code LISTEN} subscriptions on one dedicated, routed connection,
 * with a bounded heartbeat and a resync signal that tells the application when it may have missed
 * notifications.
 *
 * <p>Start with {@link dev.detour.listener.DetourListener#builder()}. See the README's Listener
 * section for the knobs and the catch-up pattern.
 */
package dev.detour.listener;
