package dev.detour.testkit.dns.internal;

import dev.detour.core.Durations;
import dev.detour.testkit.dns.RecordType;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.NetUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The records of one type for one name: a TTL and the values in answer order. Immutable.
 *
 * @param type the record type
 * @param ttlSeconds the TTL served with every record of the set
 * @param values the values in canonical text form (addresses as given, CNAME targets normalized)
 * @param rdata the wire form of each value, parallel to {@code values}
 */
public record RecordSet(RecordType type, long ttlSeconds, List<String> values, List<byte[]> rdata) {

  /** The characters of a bare IPv6 literal (Netty would also accept brackets and a zone). */
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  /** The largest TTL RFC 2181 allows. */
  private static final long MAX_TTL_SECONDS = Integer.MAX_VALUE;

  /** Copies the lists. */
  public RecordSet {
    values = List.copyOf(values);
    rdata = List.copyOf(rdata);
  }

  /**
   * Validates and converts the values of a record set. Addresses must be literals; no name is ever
   * looked up.
   *
   * @throws IllegalArgumentException naming the bad input
   */
  public static RecordSet of(RecordType type, Duration ttl, List<String> values) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(values, "values");
    long ttlSeconds = validateTtl(ttl);
    if (type == RecordType.CNAME && values.size() != 1) {
      throw new IllegalArgumentException(
          "values: " + values + " (expected: exactly one target for a CNAME)");
    }
    List<String> canonical = new ArrayList<>(values.size());
    List<byte[]> wire = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      String what = "values[" + i + "]";
      if (value == null) {
        throw new NullPointerException(what);
      }
      switch (type) {
        case A -> {
          if (!NetUtil.isValidIpV4Address(value)) {
            throw new IllegalArgumentException(
                what + ": '" + value + "' (expected: an IPv4 literal such as 127.0.0.2)");
          }
          canonical.add(value);
          wire.add(NetUtil.createByteArrayFromIpAddressString(value));
        }
        case AAAA -> {
          if (!IPV6_CHARS.matcher(value).matches() || !NetUtil.isValidIpV6Address(value)) {
            throw new IllegalArgumentException(
                what
                    + ": '"
                    + value
                    + "' (expected: an IPv6 literal without zone or brackets, such as ::1)");
          }
          canonical.add(value);
          wire.add(ipv6Bytes(value));
        }
        case CNAME -> {
          String target = DnsNames.normalize(what, value);
          canonical.add(target);
          wire.add(ByteBufUtil.getBytes(DnsNames.toWire(target)));
        }
      }
    }
    return new RecordSet(type, ttlSeconds, canonical, wire);
  }

  /** Returns this set with its first value moved to the end. */
  public RecordSet rotated() {
    if (values.size() < 2) {
      return this;
    }
    List<String> v = new ArrayList<>(values.subList(1, values.size()));
    v.add(values.get(0));
    List<byte[]> r = new ArrayList<>(rdata.subList(1, rdata.size()));
    r.add(rdata.get(0));
    return new RecordSet(type, ttlSeconds, v, r);
  }

  private static long validateTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()
        || ttl.getNano() != 0
        || ttl.compareTo(Duration.ofSeconds(MAX_TTL_SECONDS)) > 0) {
      throw new IllegalArgumentException(
          "ttl: "
              + Durations.format(ttl)
              + " (expected: whole seconds, 0s <= ttl <= "
              + MAX_TTL_SECONDS
              + "s)");
    }
    return ttl.getSeconds();
  }

  private static byte[] ipv6Bytes(String literal) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
    if (bytes.length == 16) {
      return bytes;
    }
    // An IPv4-mapped literal such as ::ffff:127.0.0.2 may come back as its 4 IPv4 bytes.
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(bytes, 0, mapped, 12, 4);
    return mapped;
  }
}
