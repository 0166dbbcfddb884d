package dev.detour.testkit.dns;

/** The transport a DNS query arrived on at {@link DnsServer}. */
public enum Transport {
  /** A datagram on the server's UDP socket. */
  UDP,
  /** A length-prefixed message on a connection to the server's TCP socket. */
  TCP
}
