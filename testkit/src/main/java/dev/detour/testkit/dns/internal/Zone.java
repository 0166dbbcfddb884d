package dev.detour.testkit.dns.internal;

import dev.detour.testkit.dns.DnsFault;
import dev.detour.testkit.dns.RecordType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records and faults a DNS server serves, and the answer to a question under them.
 *
 * <p>Thread-safe: each name maps to an immutable map of record sets, replaced atomically, so a
 * query sees either the old or the new set of a name, never a mix.
 */
public final class Zone {

  /** How many CNAMEs a chain may have before the answer is SERVFAIL, as a resolver would. */
  static final int MAX_CNAME_CHAIN = 16;

  /** The TTL of the SOA served with negative answers, and its negative-caching minimum. */
  static final long NEGATIVE_TTL_SECONDS = 5;

  private static final ResourceRecord SOA = soa();

  private final ConcurrentHashMap<String, Map<RecordType, RecordSet>> names =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<FaultKey, DnsFault> faults = new ConcurrentHashMap<>();

  /**
   * Replaces the set of {@code set.type()} for {@code name}. A CNAME cannot coexist with other data
   * (RFC 1034 section 3.6.2): setting a CNAME drops the name's other sets, and setting another type
   * drops its CNAME.
   */
  public void put(String name, RecordSet set) {
    names.compute(
        name,
        (k, old) -> {
          Map<RecordType, RecordSet> next = new EnumMap<>(RecordType.class);
          if (old != null && set.type() != RecordType.CNAME) {
            next.putAll(old);
            next.remove(RecordType.CNAME);
          }
          next.put(set.type(), set);
          return Map.copyOf(next);
        });
  }

  /**
   * Moves the first A and the first AAAA value of {@code name} to the end.
   *
   * @throws IllegalArgumentException if the name has no records
   */
  public void rotate(String name) {
    Map<RecordType, RecordSet> result =
        names.computeIfPresent(
            name,
            (k, old) -> {
              Map<RecordType, RecordSet> next = new EnumMap<>(old);
              next.computeIfPresent(RecordType.A, (t, s) -> s.rotated());
              next.computeIfPresent(RecordType.AAAA, (t, s) -> s.rotated());
              return Map.copyOf(next);
            });
    if (result == null) {
      throw new IllegalArgumentException("name: '" + name + "' (expected: a name with records)");
    }
  }

  /** Removes every record of {@code name}, so it answers NXDOMAIN. Faults stay. */
  public void remove(String name) {
    names.remove(name);
  }

  /** Sets the fault for queries of {@code name}, of {@code type} only, or of any type if null. */
  public void setFault(String name, RecordType type, DnsFault fault) {
    faults.put(new FaultKey(name, type), fault);
  }

  /** Removes every fault of {@code name}, whatever type it was set for. */
  public void clearFault(String name) {
    faults.keySet().removeIf(key -> key.name().equals(name));
  }

  /** Removes every fault. */
  public void clearFaults() {
    faults.clear();
  }

  /**
   * The fault for a query, or null: a fault set for the type wins over one set for the name.
   *
   * @param type null for a type the server does not serve
   */
  public DnsFault fault(String name, RecordType type) {
    DnsFault typed = type == null ? null : faults.get(new FaultKey(name, type));
    return typed != null ? typed : faults.get(new FaultKey(name, null));
  }

  /**
   * Answers a question the way a recursive resolver would:
   *
   * <ol>
   *   <li>Unknown name: NXDOMAIN with an SOA in authority.
   *   <li>The name has a CNAME and the question is not for CNAME: the CNAME goes into the answer
   *       and the target is looked up in turn (up to {@value #MAX_CNAME_CHAIN} times, then
   *       SERVFAIL). An unknown target makes the answer NXDOMAIN, keeping the chain (RFC 6604).
   *   <li>The name has records of the type: NOERROR with them.
   *   <li>Otherwise NODATA: NOERROR, no records of the type, an SOA in authority.
   * </ol>
   *
   * @param qname the name as asked, used as the owner name of the first record
   * @param qtype the type as asked, on the wire
   */
  public Answer answer(String qname, int qtype) {
    RecordType type = RecordType.ofCode(qtype);
    String owner = qname.endsWith(".") ? qname : qname + ".";
    Map<RecordType, RecordSet> records = names.get(DnsNames.lenientNormalize(qname));
    List<ResourceRecord> answers = new ArrayList<>();
    for (int hops = 0; ; hops++) {
      if (records == null) {
        return new Answer(Answer.NXDOMAIN, answers, List.of(SOA), false);
      }
      RecordSet cname = records.get(RecordType.CNAME);
      if (cname == null || type == RecordType.CNAME) {
        break;
      }
      if (hops == MAX_CNAME_CHAIN) {
        return Answer.empty(Answer.SERVFAIL);
      }
      answers.add(record(owner, cname, 0));
      String target = cname.values().get(0);
      owner = target + ".";
      records = names.get(target);
    }
    RecordSet set = type == null ? null : records.get(type);
    if (set == null || set.values().isEmpty()) {
      return new Answer(Answer.NOERROR, answers, List.of(SOA), false);
    }
    for (int i = 0; i < set.values().size(); i++) {
      answers.add(record(owner, set, i));
    }
    return new Answer(Answer.NOERROR, answers, List.of(), false);
  }

  /** An NXDOMAIN reply with an SOA in authority, whatever the records say. */
  public Answer nxDomain() {
    return new Answer(Answer.NXDOMAIN, List.of(), List.of(SOA), false);
  }

  private static ResourceRecord record(String owner, RecordSet set, int index) {
    return new ResourceRecord(owner, set.type().code(), set.ttlSeconds(), set.rdata().get(index));
  }

  private static ResourceRecord soa() {
    ByteBuf rdata = Unpooled.buffer();
    rdata.writeBytes(DnsNames.toWire("ns.detour.test"));
    rdata.writeBytes(DnsNames.toWire("hostmaster.detour.test"));
    rdata.writeInt(1); // serial
    rdata.writeInt(3600); // refresh
    rdata.writeInt(600); // retry
    rdata.writeInt(86400); // expire
    rdata.writeInt((int) NEGATIVE_TTL_SECONDS); // minimum: the negative-caching TTL
    return new ResourceRecord(".", 6, NEGATIVE_TTL_SECONDS, ByteBufUtil.getBytes(rdata));
  }

  private record FaultKey(String name, RecordType type) {}
}
