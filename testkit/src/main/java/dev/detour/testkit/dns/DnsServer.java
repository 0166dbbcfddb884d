package dev.detour.testkit.dns;

import dev.detour.testkit.dns.internal.DnsNames;
import dev.detour.testkit.dns.internal.QueryHandler;
import dev.detour.testkit.dns.internal.QueryLog;
import dev.detour.testkit.dns.internal.RecordSet;
import dev.detour.testkit.dns.internal.Zone;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.TcpDnsQueryDecoder;
import io.netty.handler.codec.dns.TcpDnsResponseEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real DNS server for tests, serving A, AAAA and CNAME records over UDP and TCP on one ephemeral
 * port of 127.0.0.1, with faults that can be switched per name and type at runtime.
 *
 * <p>It answers like a recursive resolver: a CNAME chain is followed and included; an unknown name
 * is NXDOMAIN; a known name without records of the asked type is NODATA (NOERROR, empty answer).
 * Both negative answers carry an SOA with TTL and minimum 5 s in authority. Names are
 * case-insensitive and taken without trailing dot. An answer too large for UDP (512 bytes, or the
 * client's EDNS size) is sent truncated (TC bit), as a real server would.
 *
 * <p>Every query is logged on arrival (see {@link #queryLog()}), before any fault applies.
 *
 * <p>Thread-safe: records, faults and the log may change while queries run; a query sees a name's
 * record sets either wholly before or wholly after a change. Queries are served by one daemon
 * thread named {@code detour-testkit-dns-*}, which ends on {@link #close()}.
 */
public final class DnsServer implements AutoCloseable {

  private static final int BIND_ATTEMPTS = 5;
  private static final long CLOSE_TIMEOUT_SECONDS = 5;

  private final Zone zone = new Zone();
  private final QueryLog queryLog = new QueryLog();
  private final EventLoopGroup group;
  private final Channel udp;
  private final Channel tcp;
  private final InetSocketAddress address;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DnsServer() {
    group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("detour-testkit-dns", true), NioIoHandler.newFactory());
    try {
      Channel[] channels = bind();
      udp = channels[0];
      tcp = channels[1];
      address = (InetSocketAddress) udp.localAddress();
    } catch (RuntimeException | Error e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /**
   * Starts a server on 127.0.0.1, on an ephemeral port shared by UDP and TCP.
   *
   * @return the running server, which the caller closes
   * @throws IllegalStateException if no port free for both UDP and TCP was found in 5 attempts
   */
  public static DnsServer start() {
    return new DnsServer();
  }

  /**
   * The address both transports listen on: 127.0.0.1 and {@link #port()}.
   *
   * @return the address both transports listen on
   */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * The port both transports listen on.
   *
   * @return the port both transports listen on
   */
  public int port() {
    return address.getPort();
  }

  /**
   * Replaces the A records of {@code name}. With no address the name exists but has no A record, so
   * an A query gets NODATA. Drops a CNAME of the name.
   *
   * @param ipv4 IPv4 literals such as {@code 127.0.0.2}; tests must use only 127.0.0.0/8
   * @param name the DNS name
   * @param ttl the TTL served with the records
   * @return this server
   * @throws IllegalArgumentException if the name is empty or invalid, the TTL is negative or not
   *     whole seconds, or a value is not an IPv4 literal
   */
  public DnsServer setA(String name, Duration ttl, String... ipv4) {
    Objects.requireNonNull(ipv4, "ipv4");
    return setRecords(name, RecordType.A, ttl, Arrays.asList(ipv4));
  }

  /**
   * Replaces the AAAA records of {@code name}, as {@link #setA} does for A.
   *
   * @param ipv6 IPv6 literals such as {@code ::1} or {@code ::ffff:127.0.0.2}
   * @param name the DNS name
   * @param ttl the TTL served with the records
   * @return this server
   */
  public DnsServer setAaaa(String name, Duration ttl, String... ipv6) {
    Objects.requireNonNull(ipv6, "ipv6");
    return setRecords(name, RecordType.AAAA, ttl, Arrays.asList(ipv6));
  }

  /**
   * Makes {@code name} an alias of {@code target}, dropping the name's other records (a CNAME
   * cannot coexist with other data). The target need not be known: then the answer is NXDOMAIN with
   * the CNAME, as a resolver would send.
   *
   * @param name the DNS name
   * @param ttl the TTL served with the records
   * @param target the name the alias points to
   * @return this server
   */
  public DnsServer setCname(String name, Duration ttl, String target) {
    Objects.requireNonNull(target, "target");
    return setRecords(name, RecordType.CNAME, ttl, List.of(target));
  }

  /**
   * Replaces the records of {@code type} of {@code name} with {@code values}, served in the given
   * order with {@code ttl}.
   *
   * @param values address literals for A and AAAA (may be empty: NODATA); exactly one target for
   *     CNAME
   * @param name the DNS name
   * @param type the record type
   * @param ttl the TTL served with the records
   * @return this server
   * @throws IllegalArgumentException naming the bad input
   */
  public DnsServer setRecords(String name, RecordType type, Duration ttl, List<String> values) {
    String key = DnsNames.normalize("name", name);
    RecordSet set = RecordSet.of(type, ttl, values);
    if (type == RecordType.CNAME && set.values().get(0).equals(key)) {
      throw new IllegalArgumentException(
          "target: '" + values.get(0) + "' (expected: a name other than the alias itself)");
    }
    zone.put(key, set);
    return this;
  }

  /**
   * Rotates the A and the AAAA records of {@code name} by one: the first goes last.
   *
   * @param name the DNS name
   * @throws IllegalArgumentException if the name has no records
   */
  public void rotate(String name) {
    zone.rotate(DnsNames.normalize("name", name));
  }

  /**
   * Removes every record of {@code name}, so it answers NXDOMAIN. Its faults stay. Idempotent.
   *
   * @param name the DNS name
   */
  public void remove(String name) {
    zone.remove(DnsNames.normalize("name", name));
  }

  /**
   * Applies {@code fault} to every query for {@code name}, whatever the type, replacing the
   * name-wide fault. A fault set for one type with {@link #setFault(String, RecordType, DnsFault)}
   * takes precedence for that type. The name need not have records.
   *
   * @param name the DNS name
   * @param fault the fault to apply
   */
  public void setFault(String name, DnsFault fault) {
    Objects.requireNonNull(fault, "fault");
    zone.setFault(DnsNames.normalize("name", name), null, fault);
  }

  /**
   * Applies {@code fault} only to queries for {@code name} of {@code type}, e.g. AAAA never answers
   * while A works.
   *
   * @param name the DNS name
   * @param type the record type
   * @param fault the fault to apply
   */
  public void setFault(String name, RecordType type, DnsFault fault) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(fault, "fault");
    zone.setFault(DnsNames.normalize("name", name), type, fault);
  }

  /**
   * Removes every fault of {@code name}, name-wide and per type.
   *
   * @param name the DNS name
   */
  public void clearFault(String name) {
    zone.clearFault(DnsNames.normalize("name", name));
  }

  /** Removes every fault of every name. */
  public void clearFaults() {
    zone.clearFaults();
  }

  /**
   * A snapshot of every query received since start or {@link #clearQueryLog()}, oldest first.
   *
   * @return a snapshot of every query received since start or {@link #clearQueryLog()}, oldest
   *     first
   */
  public List<QueryLogEntry> queryLog() {
    return queryLog.snapshot();
  }

  /**
   * How many queries for {@code name} of {@code type} arrived, over both transports.
   *
   * @param name the DNS name
   * @param type the record type
   * @return how many queries for {@code name} of {@code type} arrived, over both transports
   */
  public int queryCount(String name, RecordType type) {
    Objects.requireNonNull(type, "type");
    return queryLog.count(DnsNames.normalize("name", name), type, null);
  }

  /**
   * How many queries for {@code name} of {@code type} arrived over {@code transport}.
   *
   * @param name the DNS name
   * @param type the record type
   * @param transport UDP or TCP
   * @return how many queries for {@code name} of {@code type} arrived over {@code transport}
   */
  public int queryCount(String name, RecordType type, Transport transport) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(transport, "transport");
    return queryLog.count(DnsNames.normalize("name", name), type, transport);
  }

  /** Forgets every logged query. */
  public void clearQueryLog() {
    queryLog.clear();
  }

  /**
   * Closes both sockets and ends the server's thread; queries and delayed answers in flight are
   * dropped. Blocks at most about 5 s. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    udp.close();
    tcp.close();
    group
        .shutdownGracefully(0, 1, TimeUnit.SECONDS)
        .awaitUninterruptibly(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "DnsServer[" + address.getHostString() + ":" + address.getPort() + "]";
  }

  /** Binds UDP on an ephemeral port, then TCP on the same port; retries if TCP's is taken. */
  private Channel[] bind() {
    InetAddress loopback = loopbackV4();
    QueryHandler udpHandler = new QueryHandler(zone, queryLog, Transport.UDP);
    QueryHandler tcpHandler = new QueryHandler(zone, queryLog, Transport.TCP);
    Bootstrap udpBootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioDatagramChannel.class)
            .handler(
                new ChannelInitializer<DatagramChannel>() {
                  @Override
                  protected void initChannel(DatagramChannel ch) {
                    ch.pipeline()
                        .addLast(new DatagramDnsQueryDecoder())
                        .addLast(new DatagramDnsResponseEncoder())
                        .addLast(udpHandler);
                  }
                });
    ServerBootstrap tcpBootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new TcpDnsQueryDecoder())
                        .addLast(new TcpDnsResponseEncoder())
                        .addLast(tcpHandler);
                  }
                });
    Throwable last = null;
    for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      ChannelFuture udpBound = udpBootstrap.bind(loopback, 0).awaitUninterruptibly();
      if (!udpBound.isSuccess()) {
        last = udpBound.cause();
        continue;
      }
      Channel udpChannel = udpBound.channel();
      int port = ((InetSocketAddress) udpChannel.localAddress()).getPort();
      ChannelFuture tcpBound = tcpBootstrap.bind(loopback, port).awaitUninterruptibly();
      if (tcpBound.isSuccess()) {
        return new Channel[] {udpChannel, tcpBound.channel()};
      }
      last = tcpBound.cause();
      udpChannel.close().awaitUninterruptibly();
    }
    throw new IllegalStateException(
        "DNS server: no port of 127.0.0.1 free for both UDP and TCP in "
            + BIND_ATTEMPTS
            + " attempts",
        last);
  }

  private static InetAddress loopbackV4() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // only thrown for a malformed address length
    }
  }
}
