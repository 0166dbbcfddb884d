package dev.detour.testkit.dns.internal;

/**
 * One resource record of a response, before it is encoded. Immutable (the caller must not change
 * {@code rdata}).
 *
 * @param name the owner name, fully qualified (with trailing dot)
 * @param type the record type's wire number
 * @param ttlSeconds the TTL
 * @param rdata the record data in wire form
 */
public record ResourceRecord(String name, int type, long ttlSeconds, byte[] rdata) {}
