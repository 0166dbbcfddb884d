package dev.detour.testkit.dns;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** A plain dnsjava client for the tests: one query, one server, no cache, no search path. */
final class Dig {

  private Dig() {}

  /** A resolver pointed at {@code server}, over UDP (retrying over TCP on TC) or TCP only. */
  static SimpleResolver resolver(DnsServer server, Transport transport, Duration timeout) {
    SimpleResolver resolver = new SimpleResolver(server.address());
    resolver.setTCP(transport == Transport.TCP);
    resolver.setIgnoreTruncation(false);
    resolver.setTimeout(timeout);
    return resolver;
  }

  /** Sends one query for {@code name} of {@code type} and returns the response. */
  static Message query(DnsServer server, String name, int type, Transport transport)
      throws IOException {
    return query(resolver(server, transport, Duration.ofSeconds(5)), name, type);
  }

  static Message query(SimpleResolver resolver, String name, int type) throws IOException {
    return resolver.send(Message.newQuery(Record.newRecord(fqdn(name), type, DClass.IN)));
  }

  /** The address values of the A and AAAA records in the answer, in answer order. */
  static List<String> addresses(Message response) {
    return response.getSection(Section.ANSWER).stream()
        .filter(r -> r instanceof ARecord || r instanceof AAAARecord)
        .map(
            r ->
                r instanceof ARecord a
                    ? a.getAddress().getHostAddress()
                    : ((AAAARecord) r).getAddress().getHostAddress())
        .collect(Collectors.toList());
  }

  /** The answer section rendered as {@code "name TTL TYPE value"} lines, for readable asserts. */
  static List<String> answer(Message response) {
    return response.getSection(Section.ANSWER).stream()
        .map(
            r ->
                r.getName()
                    + " "
                    + r.getTTL()
                    + " "
                    + Type.string(r.getType())
                    + " "
                    + r.rdataToString())
        .collect(Collectors.toList());
  }

  /** The transport's name in lower case, for building distinct host names per test case. */
  static String label(Transport transport) {
    return transport.name().toLowerCase(Locale.ROOT);
  }

  static Name fqdn(String name) {
    try {
      return Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
