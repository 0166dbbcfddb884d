package dev.detour.router.internal;

import dev.detour.core.Durations;
import dev.detour.core.Ticker;
import dev.detour.router.AddressHealth;
import dev.detour.router.AttemptOutcome;
import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.RouterEventListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Records router events as readable lines, such as {@code "250ms attemptStart 127.0.0.2:5432"}. */
final class EventLog implements RouterEventListener {

  private final Ticker ticker;
  private final long t0;
  private final List<String> lines = new ArrayList<>();

  EventLog(Ticker ticker) {
    this.ticker = ticker;
    this.t0 = ticker.nanoTime();
  }

  private synchronized void add(String line) {
    lines.add(T.fmt(ticker.nanoTime() - t0) + " " + line);
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized List<String> matching(String word) {
    return lines.stream().filter(l -> l.contains(word)).toList();
  }

  synchronized List<String> filter(Predicate<String> p) {
    return lines.stream().filter(p).toList();
  }

  synchronized void clear() {
    lines.clear();
  }

  private static String a(InetSocketAddress address) {
    return Addresses.format(address);
  }

  @Override
  public void connectStart(String host, int port) {
    add("connectStart " + host + ":" + port);
  }

  @Override
  public void connectEnd(
      String host,
      int port,
      Optional<InetSocketAddress> chosen,
      List<AttemptOutcome> attempts,
      Throwable failure,
      long elapsedNanos) {
    add(
        "connectEnd "
            + host
            + ":"
            + port
            + " "
            + chosen.map(EventLog::a).orElse("failed")
            + " attempts="
            + attempts.size());
  }

  @Override
  public void attemptStart(String host, InetSocketAddress address, long timeoutNanos) {
    add("attemptStart " + a(address) + " timeout=" + Durations.formatNanos(timeoutNanos));
  }

  @Override
  public void attemptEnd(String host, AttemptOutcome o) {
    add("attemptEnd " + a(o.address()) + " " + o.result());
  }

  @Override
  public void raceWon(String host, InetSocketAddress address, int attempts, long elapsedNanos) {
    add("raceWon " + a(address) + " after " + attempts);
  }

  @Override
  public void fastFail(String host, int port, NoHealthyAddressException exception) {
    add("fastFail " + host + ":" + port);
  }

  @Override
  public void breakerTransition(
      InetSocketAddress address, AddressHealth.State from, AddressHealth.State to, String reason) {
    add("breaker " + a(address) + " " + from + "->" + to + " (" + reason + ")");
  }

  @Override
  public void probeResult(
      InetSocketAddress address, boolean healthy, long durationNanos, String detail) {
    add("probe " + a(address) + " " + (healthy ? "healthy" : "unhealthy"));
  }

  @Override
  public void connectionReady(String host, InetSocketAddress address, long elapsedNanos) {
    add("ready " + a(address));
  }

  @Override
  public void connectionFailed(String host, InetSocketAddress address, String reason) {
    add("connectionFailed " + a(address) + " " + reason);
  }

  @Override
  public void addressesRemoved(String host, int port, List<InetSocketAddress> removed) {
    add("removed " + removed.stream().map(EventLog::a).toList());
  }
}
