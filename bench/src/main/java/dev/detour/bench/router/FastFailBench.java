package dev.detour.bench.router;

import dev.detour.resolver.HostResolver;
import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The JMH benchmark of {@link Router#connect} when every address of the host is known down: the
 * fast-fail path, which throws {@link NoHealthyAddressException} without dialing (issue 8's goal:
 * p99 below 1 ms).
 *
 * <p>The host has 12 loopback addresses (127.0.0.11 to .22) from a hosts file read by Detour's own
 * resolver, so the cached production resolve is in the path; the port is one that was just free, so
 * every dial is refused and opens its breaker at once. {@link #setUp} connects until a connect
 * fails fast; the open time (60 s, no jitter) outlasts a fork. Any connect that is not a fast-fail
 * is counted, and {@link #tearDown} fails the run if there was one.
 *
 * <p>Run with {@code -prof gc} as well: bytes allocated per connect do not depend on machine load,
 * unlike the times on a shared machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FastFailBench {

  /** The benchmarked host name, with 12 addresses in the hosts file. */
  public static final String HOST = "pg-down.bench.test";

  private Router router;
  private HostResolver resolver;
  private Path hostsFile;
  private int port;
  private final AtomicLong notFastFail = new AtomicLong();

  /** Builds the router and connects until every address is open. */
  @Setup
  public void setUp() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort(); // closed again below: every dial to it is refused
    }
    hostsFile = Files.createTempFile("detour-fastfail", ".hosts");
    List<String> lines = new ArrayList<>();
    for (int i = 11; i <= 22; i++) {
      lines.add("127.0.0." + i + " " + HOST);
    }
    Files.write(hostsFile, lines);
    resolver =
        HostResolver.builder()
            .servers(List.of(new InetSocketAddress("127.0.0.1", 53)))
            .hostsFile(hostsFile)
            .build();
    RouterConfig config =
        RouterConfig.builder()
            .openDelay(Duration.ofSeconds(60))
            .maxOpenDelay(Duration.ofSeconds(60))
            .openJitter(0)
            .build();
    router = Router.builder().config(config).resolver(resolver).build();
    for (int i = 0; i < 50; i++) {
      if (connect().isFastFail()) {
        return;
      }
    }
    throw new IllegalStateException(HOST + ": no fast-fail after 50 connects");
  }

  /** Closes the router; fails the run if any measured connect was not a fast-fail. */
  @TearDown
  public void tearDown() throws IOException {
    router.close();
    resolver.close();
    Files.deleteIfExists(hostsFile);
    if (notFastFail.get() > 0) {
      throw new IllegalStateException(notFastFail.get() + " connects were not fast-fails");
    }
  }

  /** One connect that fails fast; returns its exception. */
  @Benchmark
  public NoHealthyAddressException fastFail() {
    NoHealthyAddressException e = connect();
    if (!e.isFastFail()) {
      notFastFail.incrementAndGet();
    }
    return e;
  }

  private NoHealthyAddressException connect() {
    try {
      router.connect(HOST, port).socket().close();
      throw new IllegalStateException(HOST + ":" + port + " connected; expected a refusal");
    } catch (NoHealthyAddressException e) {
      return e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
