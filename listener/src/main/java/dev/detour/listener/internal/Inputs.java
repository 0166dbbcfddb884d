package dev.detour.listener.internal;

import java.nio.charset.StandardCharsets;

/**
 * Checks channel names and payloads before anything is sent, and quotes channel names for SQL.
 *
 * <p>A channel is an identifier: at most 63 bytes (NAMEDATALEN - 1) in UTF-8, never empty, no NUL.
 * The listener quotes it, so it is matched exactly: {@code LISTEN "Foo"} hears {@code
 * pg_notify('Foo', ...)} but not the unquoted {@code NOTIFY Foo}, which the server folds to {@code
 * foo}. A payload must be under 8000 bytes (the server raises 22023 otherwise).
 */
public final class Inputs {

  /** The longest channel name in UTF-8 bytes. */
  public static final int MAX_CHANNEL_BYTES = 63;

  /** The smallest payload size in UTF-8 bytes the server refuses. */
  public static final int PAYLOAD_LIMIT_BYTES = 8000;

  private Inputs() {}

  /**
   * Returns {@code channel} if it is a valid channel name.
   *
   * @throws IllegalArgumentException naming the channel and the rule it breaks
   */
  public static String channel(String channel) {
    if (channel == null) {
      throw new IllegalArgumentException("channel: null (expected: a non-empty name)");
    }
    if (channel.isEmpty()) {
      throw new IllegalArgumentException("channel: '' (expected: a non-empty name)");
    }
    if (channel.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "channel: '" + printable(channel) + "' contains NUL (expected: no NUL character)");
    }
    int bytes = channel.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_CHANNEL_BYTES) {
      throw new IllegalArgumentException(
          "channel: '"
              + printable(channel)
              + "' is "
              + bytes
              + " bytes in UTF-8 (expected: at most "
              + MAX_CHANNEL_BYTES
              + "; the server would truncate it)");
    }
    return channel;
  }

  /**
   * Returns {@code payload} ({@code ""} for null) if the server would accept it.
   *
   * @param channel the channel, for the message
   * @throws IllegalArgumentException naming the size and the limit
   */
  public static String payload(String channel, String payload) {
    if (payload == null) {
      return "";
    }
    if (payload.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "payload for channel '" + channel + "' contains NUL (expected: no NUL character)");
    }
    // a Java char is at most 3 UTF-8 bytes, so short payloads need no encoding
    if (payload.length() * 3L >= PAYLOAD_LIMIT_BYTES) {
      int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
      if (bytes >= PAYLOAD_LIMIT_BYTES) {
        throw new IllegalArgumentException(
            "payload for channel '"
                + channel
                + "': "
                + bytes
                + " bytes in UTF-8 (expected: fewer than "
                + PAYLOAD_LIMIT_BYTES
                + ")");
      }
    }
    return payload;
  }

  /** Returns the channel as a quoted SQL identifier: {@code "a""b"} for {@code a"b}. */
  public static String quote(String channel) {
    return '"' + channel.replace("\"", "\"\"") + '"';
  }

  private static String printable(String s) {
    String shown = s.replace("\0", "\\0");
    return shown.length() > 80 ? shown.substring(0, 80) + "..." : shown;
  }
}
