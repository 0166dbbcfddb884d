package dev.detour.testkit.dns;

/**
 * The DNS record types that {@link DnsServer} can serve. Queries for any other type are answered
 * NODATA (or NXDOMAIN for an unknown name) and logged with a {@code null} type.
 */
public enum RecordType {
  /** An IPv4 address record (type 1). */
  A(1),
  /** An IPv6 address record (type 28). */
  AAAA(28),
  /** An alias to another name (type 5). */
  CNAME(5);

  private final int code;

  RecordType(int code) {
    this.code = code;
  }

  /**
   * The record type's number on the wire.
   *
   * @return the record type's number on the wire
   */
  public int code() {
    return code;
  }

  /**
   * The type whose wire number is {@code code}, or {@code null} if this server does not serve it.
   *
   * @param code the type number on the wire
   * @return the type whose wire number is {@code code}, or {@code null} if this server does not
   *     serve it
   */
  public static RecordType ofCode(int code) {
    for (RecordType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    return null;
  }
}
