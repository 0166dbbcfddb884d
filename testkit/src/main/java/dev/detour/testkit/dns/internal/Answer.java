package dev.detour.testkit.dns.internal;

import java.util.List;

/**
 * What the server replies to one query, before it is encoded. Immutable.
 *
 * @param rcode the response code (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN)
 * @param answers the answer section
 * @param authority the authority section (an SOA on negative answers)
 * @param truncated whether the TC bit is set
 */
public record Answer(
    int rcode, List<ResourceRecord> answers, List<ResourceRecord> authority, boolean truncated) {

  /** RCODE NOERROR. */
  public static final int NOERROR = 0;

  /** RCODE FORMERR: the server could not make sense of the query. */
  public static final int FORMERR = 1;

  /** RCODE SERVFAIL. */
  public static final int SERVFAIL = 2;

  /** RCODE NXDOMAIN. */
  public static final int NXDOMAIN = 3;

  /** Copies the lists. */
  public Answer {
    answers = List.copyOf(answers);
    authority = List.copyOf(authority);
  }

  /** A reply with {@code rcode} and no records. */
  public static Answer empty(int rcode) {
    return new Answer(rcode, List.of(), List.of(), false);
  }

  /** This answer without its answer records and with the TC bit set, as for a UDP size limit. */
  public Answer truncate() {
    return new Answer(rcode, List.of(), List.of(), true);
  }
}
