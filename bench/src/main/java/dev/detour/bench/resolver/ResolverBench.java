package dev.detour.bench.resolver;

import dev.detour.core.Ticker;
import dev.detour.resolver.HostResolver;
import dev.detour.resolver.ResolvedHost;
import dev.detour.testkit.dns.DnsServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH benchmark of a cached {@link HostResolver#resolve} against the JVM's cached {@link
 * InetAddress#getAllByName} for the same name with the same 12 addresses.
 *
 * <p>Detour answers from its DNS cache, warmed in {@link #setUp} from the testkit's real DNS server
 * on loopback (TTL 300 s, so no refresh-ahead falls inside a fork). The JVM can only learn 12
 * addresses for a name from a hosts file, so the forked JVM must run with {@code
 * -Djdk.net.hosts.file=<file>}; {@link ResolverBenchMain} writes that file and passes the flag.
 * {@link #setUp} fails fast if either side does not see the 12 addresses.
 *
 * <p>Two reference points: {@link #baseline} returns a field, so in sample mode it shows the floor
 * that the timer itself adds to every sampled operation; {@link #tickerRead} is one read of the
 * clock that Detour's cached path reads once per call. The state is shared by all benchmark
 * threads, like one resolver shared by every router in a process.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ResolverBench {

  /**
   * The benchmarked name. It starts with a letter that is not a hex digit: the JVM tries to parse a
   * name starting with {@code 0-9a-f} as an IP literal first, which would add that cost to its
   * side.
   */
  public static final String HOST = "pg-fleet.bench.test";

  /** The 12 addresses of {@link #HOST}, in DNS and hosts-file order. */
  public static final List<String> ADDRESSES =
      List.of(
          "127.0.0.11",
          "127.0.0.12",
          "127.0.0.13",
          "127.0.0.14",
          "127.0.0.15",
          "127.0.0.16",
          "127.0.0.17",
          "127.0.0.18",
          "127.0.0.19",
          "127.0.0.20",
          "127.0.0.21",
          "127.0.0.22");

  private DnsServer dns;
  private HostResolver resolver;
  private Object baselineValue;
  private final Ticker ticker = Ticker.system();

  /** Starts the DNS server and the resolver, warms both caches and checks what they hold. */
  @Setup
  public void setUp() throws UnknownHostException {
    dns = DnsServer.start();
    dns.setA(HOST, Duration.ofSeconds(300), ADDRESSES.toArray(new String[0]));
    resolver =
        HostResolver.builder()
            .servers(List.of(dns.address()))
            .searchDomains(List.of())
            .ndots(1)
            .useHostsFile(false)
            .build();
    ResolvedHost first = resolver.resolve(HOST);
    check(first.addresses(), "Detour");
    if (resolver.resolve(HOST) != first) {
      throw new IllegalStateException("Detour: second resolve did not hit the cache");
    }
    try {
      check(Arrays.asList(InetAddress.getAllByName(HOST)), "JVM");
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          "JVM cannot resolve "
              + HOST
              + " (expected: the forked JVM runs with -Djdk.net.hosts.file=<file>; "
              + "use ResolverBenchMain, which passes it)",
          e);
    }
    baselineValue = first;
  }

  /** Closes the resolver and the DNS server. */
  @TearDown
  public void tearDown() {
    if (resolver != null) {
      resolver.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  /** Detour: a cached resolve, handing back the cached immutable answer. */
  @Benchmark
  public ResolvedHost detourResolve() throws UnknownHostException {
    return resolver.resolve(HOST);
  }

  /** The JVM: a cached {@code getAllByName} (hosts-file name service, 30 s positive cache). */
  @Benchmark
  public InetAddress[] jvmGetAllByName() throws UnknownHostException {
    return InetAddress.getAllByName(HOST);
  }

  /**
   * One read of the clock a cached resolve reads once per call ({@link Ticker#system()}): the part
   * of Detour's cost that depends on the machine's clock source.
   */
  @Benchmark
  public long tickerRead() {
    return ticker.nanoTime();
  }

  /** The measurement floor: returns a field, nothing else. */
  @Benchmark
  public Object baseline() {
    return baselineValue;
  }

  private static void check(List<InetAddress> addresses, String who) {
    List<String> got = addresses.stream().map(InetAddress::getHostAddress).toList();
    if (!got.equals(ADDRESSES)) {
      throw new IllegalStateException(
          who + ": " + HOST + " resolved to " + got + " (expected: " + ADDRESSES + ")");
    }
  }
}
