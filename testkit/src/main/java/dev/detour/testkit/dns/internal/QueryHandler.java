package dev.detour.testkit.dns.internal;

import dev.detour.testkit.dns.DnsFault;
import dev.detour.testkit.dns.QueryLogEntry;
import dev.detour.testkit.dns.RecordType;
import dev.detour.testkit.dns.Transport;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DefaultDnsResponse;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers decoded DNS queries from a {@link Zone}, applying faults, and logs each query. One
 * instance serves one transport. Thread-safe (shared by every channel of its transport).
 */
@ChannelHandler.Sharable
public final class QueryHandler extends SimpleChannelInboundHandler<DnsQuery> {

  private static final Logger log = LoggerFactory.getLogger(QueryHandler.class);

  /** The UDP payload limit of a client that does not advertise one with EDNS (RFC 1035). */
  private static final int CLASSIC_UDP_LIMIT = 512;

  private final Zone zone;
  private final QueryLog queryLog;
  private final Transport transport;

  /** Creates a handler answering from {@code zone} and logging into {@code queryLog}. */
  public QueryHandler(Zone zone, QueryLog queryLog, Transport transport) {
    this.zone = zone;
    this.queryLog = queryLog;
    this.transport = transport;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DnsQuery query) {
    Reply reply = Reply.of(query, transport);
    if (query.count(DnsSection.QUESTION) != 1) {
      reply.send(ctx, Answer.empty(Answer.FORMERR));
      return;
    }
    DnsQuestion question = query.recordAt(DnsSection.QUESTION);
    String qname = question.name();
    int qtype = question.type().intValue();
    String name = DnsNames.lenientNormalize(qname);
    RecordType type = RecordType.ofCode(qtype);
    queryLog.add(new QueryLogEntry(name, type, transport, System.nanoTime()));
    int udpLimit = udpLimit(query);

    DnsFault fault = zone.fault(name, type);
    if (fault == null) {
      reply.send(ctx, fit(reply, zone.answer(qname, qtype), udpLimit));
    } else if (fault instanceof DnsFault.NoAnswer) {
      log.debug("dropping {} query for {} {} (noAnswer fault)", transport, name, question.type());
    } else if (fault instanceof DnsFault.ServFail) {
      reply.send(ctx, Answer.empty(Answer.SERVFAIL));
    } else if (fault instanceof DnsFault.NxDomain) {
      reply.send(ctx, zone.nxDomain());
    } else if (fault instanceof DnsFault.Delay delay) {
      ctx.executor()
          .schedule(
              () -> reply.send(ctx, fit(reply, zone.answer(qname, qtype), udpLimit)),
              delay.delay().toNanos(),
              TimeUnit.NANOSECONDS);
    } else if (fault instanceof DnsFault.TruncateUdp) {
      Answer answer = zone.answer(qname, qtype);
      reply.send(ctx, transport == Transport.UDP ? answer.truncate() : answer);
    } else {
      throw new AssertionError("unknown fault: " + fault);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("{} DNS server: dropping a bad message", transport, cause);
    if (transport == Transport.TCP) {
      ctx.close(); // the stream cannot be resynchronized; the UDP socket must stay open
    }
  }

  /** The answer as sent over this transport: truncated when it exceeds the UDP limit. */
  private Answer fit(Reply reply, Answer answer, int udpLimit) {
    if (transport == Transport.UDP && reply.wireSize(answer) > udpLimit) {
      return answer.truncate();
    }
    return answer;
  }

  private static int udpLimit(DnsQuery query) {
    for (int i = 0; i < query.count(DnsSection.ADDITIONAL); i++) {
      DnsRecord record = query.recordAt(DnsSection.ADDITIONAL, i);
      if (record.type() == DnsRecordType.OPT) {
        // In an OPT pseudo-record the class field carries the client's UDP payload size.
        return Math.max(CLASSIC_UDP_LIMIT, record.dnsClass());
      }
    }
    return CLASSIC_UDP_LIMIT;
  }

  /** Where and how to send the reply to one query; holds no reference-counted objects. */
  private record Reply(
      int id,
      DnsOpCode opCode,
      boolean recursionDesired,
      String qname,
      int qtype,
      Transport transport,
      InetSocketAddress local,
      InetSocketAddress remote) {

    static Reply of(DnsQuery query, Transport transport) {
      String qname = "";
      int qtype = 0;
      if (query.count(DnsSection.QUESTION) == 1) {
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        qname = question.name();
        qtype = question.type().intValue();
      }
      InetSocketAddress local = null;
      InetSocketAddress remote = null;
      if (query instanceof DatagramDnsQuery datagram) {
        local = datagram.recipient();
        remote = datagram.sender();
      }
      return new Reply(
          query.id(),
          query.opCode(),
          query.isRecursionDesired(),
          qname,
          qtype,
          transport,
          local,
          remote);
    }

    void send(ChannelHandlerContext ctx, Answer answer) {
      DnsResponseCode rcode = DnsResponseCode.valueOf(answer.rcode());
      DnsResponse response =
          transport == Transport.UDP
              ? new DatagramDnsResponse(local, remote, id, opCode, rcode)
              : new DefaultDnsResponse(id, opCode, rcode);
      response.setAuthoritativeAnswer(true);
      response.setRecursionDesired(recursionDesired);
      response.setRecursionAvailable(true);
      response.setTruncated(answer.truncated());
      if (!qname.isEmpty()) {
        response.addRecord(
            DnsSection.QUESTION, new DefaultDnsQuestion(qname, DnsRecordType.valueOf(qtype)));
      }
      for (ResourceRecord rr : answer.answers()) {
        response.addRecord(DnsSection.ANSWER, raw(rr));
      }
      for (ResourceRecord rr : answer.authority()) {
        response.addRecord(DnsSection.AUTHORITY, raw(rr));
      }
      ctx.writeAndFlush(response)
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  log.debug("{} DNS server: reply to {} failed", transport, remote, f.cause());
                }
              });
    }

    /** The size of {@code answer} on the wire, without name compression (an upper bound). */
    int wireSize(Answer answer) {
      int size = 12 + qname.length() + 2 + 4; // header, question
      for (ResourceRecord rr : answer.answers()) {
        size += rr.name().length() + 2 + 10 + rr.rdata().length;
      }
      for (ResourceRecord rr : answer.authority()) {
        size += rr.name().length() + 2 + 10 + rr.rdata().length;
      }
      return size;
    }

    private static DnsRecord raw(ResourceRecord rr) {
      return new DefaultDnsRawRecord(
          rr.name(),
          DnsRecordType.valueOf(rr.type()),
          rr.ttlSeconds(),
          Unpooled.wrappedBuffer(rr.rdata()));
    }
  }
}
