package dev.detour.testkit.dns;

/**
 * One query that reached {@link DnsServer}, as recorded in its query log. Every query is logged on
 * arrival, before any fault applies, so a dropped query ({@link DnsFault#noAnswer()}) is logged
 * too.
 *
 * @param name the queried name, lower case, without trailing dot
 * @param type the queried type, or {@code null} if it is not one the server serves (MX, TXT, ...)
 * @param transport the transport the query arrived on
 * @param atNanos {@link System#nanoTime()} when the query arrived
 */
public record QueryLogEntry(String name, RecordType type, Transport transport, long atNanos) {}
