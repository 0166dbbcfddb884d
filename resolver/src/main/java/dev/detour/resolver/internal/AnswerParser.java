package dev.detour.resolver.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Extracts the addresses of one type from a DNS response, following the CNAME chain in the answer
 * section. A pure function.
 */
public final class AnswerParser {

  /** The longest CNAME chain followed, over all queries of one lookup. */
  public static final int MAX_CNAME_DEPTH = 8;

  private AnswerParser() {}

  /**
   * The addresses found.
   *
   * @param addresses in answer order; empty if the chain ends without records of the type
   * @param ttlSeconds the smallest TTL along the chain
   * @param last the name the chain ended at (the query name if there was no CNAME)
   * @param cnames how many CNAMEs were followed
   */
  public record Answer(List<InetAddress> addresses, long ttlSeconds, Name last, int cnames) {}

  /** Returns the addresses of {@code type} for {@code qname} in {@code response}. */
  public static Answer extract(Message response, Name qname, int type, int maxCnames) {
    List<Record> records = response.getSection(Section.ANSWER);
    Name current = qname;
    long ttl = Long.MAX_VALUE;
    int cnames = 0;
    while (true) {
      List<InetAddress> found = new ArrayList<>();
      long foundTtl = Long.MAX_VALUE;
      Name next = null;
      long cnameTtl = 0;
      for (Record r : records) {
        if (!r.getName().equals(current)) {
          continue;
        }
        if (r.getType() == type && type == Type.A) {
          found.add(((ARecord) r).getAddress());
          foundTtl = Math.min(foundTtl, r.getTTL());
        } else if (r.getType() == type && type == Type.AAAA) {
          found.add(((AAAARecord) r).getAddress());
          foundTtl = Math.min(foundTtl, r.getTTL());
        } else if (r.getType() == Type.CNAME && next == null) {
          next = ((CNAMERecord) r).getTarget();
          cnameTtl = r.getTTL();
        }
      }
      if (!found.isEmpty()) {
        return new Answer(List.copyOf(found), Math.min(ttl, foundTtl), current, cnames);
      }
      if (next == null || cnames >= maxCnames) {
        return new Answer(List.of(), ttl == Long.MAX_VALUE ? 0 : ttl, current, cnames);
      }
      ttl = Math.min(ttl, cnameTtl);
      current = next;
      cnames++;
    }
  }
}
