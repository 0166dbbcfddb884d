package dev.detour.resolver.internal;

import dev.detour.testkit.FakeClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A scripted {@link DnsTransport} on a {@link FakeClock}: answers are built from a small zone and
 * delivered after a per-name-and-type delay of virtual time. Unknown names get NXDOMAIN.
 */
final class ScriptedDns implements DnsTransport {

  /** How one name and type is answered. */
  static final class Rule {
    final List<String> addresses = new ArrayList<>();
    long ttl = 60;
    String cname;
    boolean cnameWithTarget = true;
    int rcode = Rcode.NOERROR;
    Duration delay = Duration.ZERO;
    boolean silent;
  }

  /** One query seen. */
  record Query(String name, String type, InetSocketAddress server) {}

  private final FakeClock clock;
  private final Map<String, Rule> rules = new ConcurrentHashMap<>();
  private final List<Query> log = new ArrayList<>();

  ScriptedDns(FakeClock clock) {
    this.clock = clock;
  }

  Rule rule(String name, String type) {
    return rules.computeIfAbsent(key(name, type), k -> new Rule());
  }

  ScriptedDns a(String name, long ttl, String... addresses) {
    Rule r = rule(name, "A");
    r.addresses.clear();
    r.addresses.addAll(List.of(addresses));
    r.ttl = ttl;
    r.rcode = Rcode.NOERROR;
    r.cname = null;
    return this;
  }

  ScriptedDns aaaa(String name, long ttl, String... addresses) {
    Rule r = rule(name, "AAAA");
    r.addresses.clear();
    r.addresses.addAll(List.of(addresses));
    r.ttl = ttl;
    r.rcode = Rcode.NOERROR;
    r.cname = null;
    return this;
  }

  ScriptedDns rcode(String name, String type, int rcode) {
    rule(name, type).rcode = rcode;
    return this;
  }

  ScriptedDns silent(String name, String type, boolean silent) {
    rule(name, type).silent = silent;
    return this;
  }

  ScriptedDns delay(String name, String type, Duration delay) {
    rule(name, type).delay = delay;
    return this;
  }

  synchronized List<Query> log() {
    return List.copyOf(log);
  }

  synchronized long count(String name, String type) {
    return log.stream().filter(q -> q.name().equals(name) && q.type().equals(type)).count();
  }

  synchronized void clearLog() {
    log.clear();
  }

  @Override
  public CompletionStage<Message> query(Message query, InetSocketAddress server) {
    Record question = query.getQuestion();
    String name = question.getName().toString(true).toLowerCase(Locale.ROOT);
    String type = Type.string(question.getType());
    synchronized (this) {
      log.add(new Query(name, type, server));
    }
    Rule rule = rules.get(key(name, type));
    CompletableFuture<Message> future = new CompletableFuture<>();
    if (rule != null && rule.silent) {
      return future;
    }
    Message response = answer(query, rule, name, question.getType());
    Duration delay = rule == null ? Duration.ZERO : rule.delay;
    if (delay.isZero()) {
      future.complete(response);
    } else {
      clock.schedule(() -> future.complete(response), delay);
    }
    return future;
  }

  private Message answer(Message query, Rule rule, String name, int type) {
    Message m = new Message(query.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    m.addRecord(query.getQuestion(), Section.QUESTION);
    if (rule == null) {
      m.getHeader().setRcode(exists(name) ? Rcode.NOERROR : Rcode.NXDOMAIN);
      return m;
    }
    m.getHeader().setRcode(rule.rcode);
    if (rule.rcode != Rcode.NOERROR) {
      return m;
    }
    try {
      Name owner = Name.fromString(name + ".");
      if (rule.cname != null) {
        Name target = Name.fromString(rule.cname + ".");
        m.addRecord(new CNAMERecord(owner, DClass.IN, rule.ttl, target), Section.ANSWER);
        if (rule.cnameWithTarget) {
          Rule t = rules.get(key(rule.cname, Type.string(type)));
          if (t != null) {
            addAddresses(m, target, type, t);
          }
        }
        return m;
      }
      addAddresses(m, owner, type, rule);
    } catch (TextParseException | UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }

  private void addAddresses(Message m, Name owner, int type, Rule rule)
      throws UnknownHostException {
    for (String address : rule.addresses) {
      InetAddress ip = InetAddress.getByAddress(IpLiterals.parse(address).getAddress());
      Record r =
          type == Type.A
              ? new ARecord(owner, DClass.IN, rule.ttl, ip)
              : new AAAARecord(owner, DClass.IN, rule.ttl, ipv6(address));
      m.addRecord(r, Section.ANSWER);
    }
  }

  private static InetAddress ipv6(String address) throws UnknownHostException {
    byte[] bytes = org.xbill.DNS.Address.toByteArray(address, org.xbill.DNS.Address.IPv6);
    return java.net.Inet6Address.getByAddress(null, bytes, -1);
  }

  private boolean exists(String name) {
    return rules.containsKey(key(name, "A")) || rules.containsKey(key(name, "AAAA"));
  }

  private static String key(String name, String type) {
    return name.toLowerCase(Locale.ROOT) + "/" + type;
  }
}
