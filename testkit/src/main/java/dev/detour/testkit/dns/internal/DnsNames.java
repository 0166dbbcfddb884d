package dev.detour.testkit.dns.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validates, normalizes and encodes domain names. Stateless and thread-safe. */
public final class DnsNames {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

  private DnsNames() {}

  /**
   * Returns {@code name} in the form the server keys records by: lower case, without trailing dot.
   *
   * @param what the parameter name for error messages, such as {@code "name"}
   * @throws IllegalArgumentException if the name is null, empty or not a valid host name
   */
  public static String normalize(String what, String name) {
    if (name == null) {
      throw new NullPointerException(what);
    }
    String n = lenientNormalize(name);
    if (n.isEmpty()) {
      throw new IllegalArgumentException(what + ": '" + name + "' (expected: a non-empty name)");
    }
    if (n.length() > 253) {
      throw new IllegalArgumentException(
          what + ": " + n.length() + " characters (expected: at most 253)");
    }
    for (String label : n.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException(
            what
                + ": '"
                + name
                + "' has an invalid label '"
                + label
                + "' (expected: 1 to 63 of a-z, 0-9, '-', '_', not starting or ending with '-')");
      }
    }
    return n;
  }

  /** Lower-cases a name as it came off the wire and drops one trailing dot; never throws. */
  public static String lenientNormalize(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  /** Encodes {@code name} in uncompressed wire form: length-prefixed labels, then a zero byte. */
  public static ByteBuf toWire(String name) {
    ByteBuf buf = Unpooled.buffer(name.length() + 2);
    if (!name.isEmpty()) {
      for (String label : name.split("\\.")) {
        byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
        buf.writeByte(bytes.length).writeBytes(bytes);
      }
    }
    return buf.writeByte(0);
  }
}
