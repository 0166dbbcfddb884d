package dev.detour.testkit.dns;

import dev.detour.core.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * A misbehaviour that {@link DnsServer} applies to queries for one name (optionally one type),
 * instead of or before its normal answer. Set with {@link DnsServer#setFault(String, DnsFault)}.
 * Values are immutable and thread-safe.
 */
public sealed interface DnsFault {

  /**
   * Never replies: the query is logged and dropped, so the client times out.
   *
   * @return the fault
   */
  static DnsFault noAnswer() {
    return NoAnswer.INSTANCE;
  }

  /**
   * Replies with RCODE SERVFAIL and no records.
   *
   * @return the fault
   */
  static DnsFault servFail() {
    return ServFail.INSTANCE;
  }

  /**
   * Replies with RCODE NXDOMAIN (and an SOA for negative caching), even if the name has records.
   *
   * @return the fault
   */
  static DnsFault nxDomain() {
    return NxDomain.INSTANCE;
  }

  /**
   * Replies normally, but only after {@code delay}. The answer reflects the records at the time it
   * is sent. The event loop is not blocked, so other queries are answered meanwhile.
   *
   * @param delay how long to wait
   * @return the fault
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  static DnsFault delay(Duration delay) {
    return new Delay(delay);
  }

  /**
   * Over UDP, replies with the TC (truncated) bit set and no answer records, which makes a client
   * retry over TCP; over TCP, replies with the full answer.
   *
   * @return the fault
   */
  static DnsFault truncateUdp() {
    return TruncateUdp.INSTANCE;
  }

  /** See {@link DnsFault#noAnswer()}. */
  record NoAnswer() implements DnsFault {
    static final NoAnswer INSTANCE = new NoAnswer();
  }

  /** See {@link DnsFault#servFail()}. */
  record ServFail() implements DnsFault {
    static final ServFail INSTANCE = new ServFail();
  }

  /** See {@link DnsFault#nxDomain()}. */
  record NxDomain() implements DnsFault {
    static final NxDomain INSTANCE = new NxDomain();
  }

  /**
   * See {@link DnsFault#delay(Duration)}.
   *
   * @param delay how long to hold the answer back, at least zero
   */
  record Delay(Duration delay) implements DnsFault {
    /**
     * Validates the delay.
     *
     * @param delay how long to hold the answer back, at least zero
     */
    public Delay {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException(
            "delay: " + Durations.format(delay) + " (expected: >= 0)");
      }
    }
  }

  /** See {@link DnsFault#truncateUdp()}. */
  record TruncateUdp() implements DnsFault {
    static final TruncateUdp INSTANCE = new TruncateUdp();
  }
}
