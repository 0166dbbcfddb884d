package dev.detour.listener;

import java.time.Instant;
import java.util.Objects;

/**
 * One notification received on a listened channel.
 *
 * @param channel the channel name, exactly as the server sent it (case-sensitive)
 * @param payload the payload, empty when the sender gave none
 * @param senderPid the process id of the server backend that sent it
 * @param receivedAt when the listener's connection thread read it: the listener's monotonic clock,
 *     anchored to the wall clock when the listener was built, so a later step of the system clock
 *     does not reorder it with the listener's other instants
 */
public record Notification(String channel, String payload, int senderPid, Instant receivedAt) {

  /**
   * Checks for nulls.
   *
   * @param channel the channel name
   * @param payload the payload
   * @param senderPid the sender's backend process id
   * @param receivedAt when it was read
   */
  public Notification {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
