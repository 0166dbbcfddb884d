package dev.detour.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.resolver.AddressChangeListener;
import dev.detour.resolver.HostResolver;
import dev.detour.resolver.HostResolverBuilder;
import dev.detour.resolver.LookupOutcome;
import dev.detour.resolver.QueryResult;
import dev.detour.resolver.ResolvedHost;
import dev.detour.resolver.ResolverEventListener;
import dev.detour.testkit.FakeClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** A resolver on a {@link FakeClock} with a {@link ScriptedDns}, plus recorders. */
final class Fixture implements AutoCloseable {

  static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 53);

  final FakeClock clock = new FakeClock();
  final ScriptedDns dns = new ScriptedDns(clock);
  final List<LookupOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
  final List<QueryResult> queryResults = Collections.synchronizedList(new ArrayList<>());
  final List<String> changes = Collections.synchronizedList(new ArrayList<>());
  DefaultHostResolver resolver;

  Fixture() {
    this(b -> b);
  }

  Fixture(UnaryOperator<HostResolverBuilder> custom) {
    HostResolverBuilder builder =
        HostResolver.builder()
            .servers(List.of(SERVER))
            .searchDomains(List.of())
            .ndots(1)
            .useHostsFile(false)
            .scheduler(clock);
    resolver =
        new DefaultHostResolver(custom.apply(builder).config(), clock, false, new Recorder(), dns);
    resolver.addListener(recordChanges());
  }

  CompletableFuture<ResolvedHost> start(String host) {
    return resolver.resolveAsync(host);
  }

  /** Resolves with every due task run; the answer must be ready without moving time. */
  ResolvedHost resolveNow(String host) {
    CompletableFuture<ResolvedHost> f = resolver.resolveAsync(host);
    clock.runUntilIdle();
    assertThat(f).isDone();
    return f.join();
  }

  private AddressChangeListener recordChanges() {
    return (host, previous, current) ->
        changes.add(host + ": " + text(previous) + " -> " + text(current));
  }

  static String text(List<InetAddress> addresses) {
    List<String> out = new ArrayList<>();
    for (InetAddress a : addresses) {
      out.add(a.getHostAddress());
    }
    return out.toString();
  }

  static List<String> ips(ResolvedHost host) {
    List<String> out = new ArrayList<>();
    for (InetAddress a : host.addresses()) {
      out.add(a.getHostAddress());
    }
    return out;
  }

  @Override
  public void close() {
    resolver.close();
    clock.close();
  }

  private final class Recorder implements ResolverEventListener {
    @Override
    public void lookupEnd(String host, LookupOutcome outcome, long durationNanos) {
      outcomes.add(outcome);
    }

    @Override
    public void queryEnd(
        String host,
        String type,
        InetSocketAddress server,
        long durationNanos,
        QueryResult result) {
      queryResults.add(result);
    }
  }
}
