package dev.detour.router.internal;

import dev.detour.core.Scheduler;
import dev.detour.resolver.HostResolver;
import dev.detour.resolver.ResolvedHost;
import dev.detour.router.AddressHealth;
import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.RoutedSocket;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import dev.detour.router.RouterEventListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Router}: resolve, plan ({@link CandidateOrder}), fast-fail or race ({@link
 * ConnectRace}), then hand out a {@link WatchedSocket}.
 *
 * <p>Reading of the panic rule "if none are healthy, try all and re-resolve": when no address is
 * closed (each is open, or half-open with a background probe running its trial), {@code connect()}
 * fails fast (no dial) and starts a re-resolve, at most once per {@code openDelay}; a new address
 * from DNS starts neutral and is tried by the next connect, and open addresses are re-admitted by
 * their background probes. With probes off, half-open addresses are tried by user traffic. When
 * some but fewer than {@code panicThreshold} are closed, the open ones are tried after the closed
 * ones.
 *
 * <p>Thread-safe.
 */
public final class DefaultRouter implements Router, HedgeableRouter {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultRouter.class);

  private final RouterConfig config;
  private final RouterRuntime rt;
  private final HostResolver resolver;
  private final boolean ownsResolver;
  private final boolean ownsScheduler;
  private final Dialer dialer;
  private final Prober prober;
  private final HalfOpenProbes probes;
  private final BackgroundLearning learning;
  private final HandshakeTimes handshakeTimes = new HandshakeTimes();
  private final KnownHosts hosts;
  private final DnsAnswers dns;
  private final WinnerHandOff handOff;
  private final Set<ConnectRace> races = ConcurrentHashMap.newKeySet();
  private final AutoCloseable resolverSubscription;
  private volatile boolean closed;
  // one supplier for every part, not one lambda class each (a cold JVM links each one)
  private final BooleanSupplier isClosed = () -> closed;

  /**
   * @param dialer the network seam; null for {@link SocketDialer}
   * @param prober the probe seam; null for {@link SocketProber}
   */
  public DefaultRouter(
      RouterRuntime rt,
      HostResolver resolver,
      boolean ownsResolver,
      boolean ownsScheduler,
      Dialer dialer,
      Prober prober) {
    this.rt = rt;
    this.config = rt.config();
    this.resolver = resolver;
    this.ownsResolver = ownsResolver;
    this.ownsScheduler = ownsScheduler;
    this.dialer = dialer != null ? dialer : new SocketDialer(rt.scheduler(), config);
    this.prober = prober != null ? prober : new SocketProber(rt.scheduler(), config);
    this.probes = new HalfOpenProbes(rt, this.prober, isClosed);
    this.learning = new BackgroundLearning(rt, this.prober, isClosed, this::shareFinding);
    this.hosts =
        new KnownHosts(
            rt, resolver, probes, learning, new SuspectProbes(rt, this.prober, isClosed));
    this.dns = new DnsAnswers(rt, resolver, learning, hosts, isClosed);
    this.handOff = new WinnerHandOff(rt, isClosed);
    this.resolverSubscription = resolver.addListener(dns); // DnsAnswers is the listener: no lambda
  }

  /** Returns the runtime (for tests and adapters). */
  public RouterRuntime runtime() {
    return rt;
  }

  @Override
  public RoutedSocket connect(String host, int port, Duration budget) throws IOException {
    return connect(host, port, budget, Set.of());
  }

  @Override
  public Scheduler hedgeScheduler() {
    return rt.scheduler();
  }

  @Override
  public HandshakeTimes handshakeTimes() {
    return handshakeTimes;
  }

  @Override
  public void prefetch(String host, int port) {
    if (closed || host == null) {
      return;
    }
    try {
      rt.scheduler().execute(new DnsPrefetch(resolver, hosts, dns, isClosed, host, port));
    } catch (RejectedExecutionException e) {
      // router closing: nothing to prefetch
    }
  }

  /**
   * Like {@link #connect(String, int, Duration)}, but tries the addresses in {@code avoid} after
   * every other candidate: the driver's handshake hedge asks for another address than the one whose
   * handshake stalls.
   */
  @Override
  public RoutedSocket connect(String host, int port, Duration budget, Set<InetSocketAddress> avoid)
      throws IOException {
    long start = rt.now();
    String name = ConnectArguments.host(host, port);
    long budgetNanos = ConnectArguments.budgetNanos(name, port, budget);
    rt.events().connectStart(name, port);
    RoutedSocket socket = null;
    Throwable failure = null;
    try {
      PendingConnect pending = start(name, port, start, budgetNanos, new CallerRuns(), avoid);
      pending.caller.runOrClose(); // the first dial, on this thread, if DNS answered from cache
      socket = pending.await(rt);
      return socket;
    } catch (IOException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      rt.events()
          .connectEnd(
              name,
              port,
              socket == null ? Optional.empty() : Optional.of(socket.address()),
              socket == null ? attemptsOf(failure) : socket.attempts(),
              failure,
              rt.now() - start);
    }
  }

  /**
   * Starts a connect without blocking: the future completes with the socket, or exceptionally with
   * {@link NoHealthyAddressException} or {@link UnknownHostException}. On fast-fail it is already
   * complete when this returns. Connect events are sent from the completing thread.
   */
  public PendingConnect connectAsync(String host, int port) {
    return connectAsync(host, port, config.connectBudget());
  }

  /**
   * Like {@link #connectAsync(String, int)} within {@code budget}; a used-up budget fails the
   * future at once.
   */
  public PendingConnect connectAsync(String host, int port, Duration budget) {
    long start = rt.now();
    String name = ConnectArguments.host(host, port);
    long budgetNanos;
    try {
      budgetNanos = ConnectArguments.budgetNanos(name, port, budget);
    } catch (SocketTimeoutException e) {
      PendingConnect failed =
          new PendingConnect(new CompletableFuture<>(), start, 0, name, port, null);
      failed.future.completeExceptionally(e);
      return failed;
    }
    rt.events().connectStart(name, port);
    PendingConnect pending = start(name, port, start, budgetNanos, null, Set.of());
    pending.future.whenComplete(
        (s, e) ->
            rt.events()
                .connectEnd(
                    name,
                    port,
                    s == null ? Optional.empty() : Optional.of(s.address()),
                    s == null ? attemptsOf(e) : s.attempts(),
                    e == null ? null : unwrap(e),
                    rt.now() - start));
    return pending;
  }

  private PendingConnect start(
      String name,
      int port,
      long start,
      long budgetNanos,
      CallerRuns caller,
      Set<InetSocketAddress> avoid) {
    long deadline = start + budgetNanos;
    CompletableFuture<RoutedSocket> out = new CompletableFuture<>();
    PendingConnect pending = new PendingConnect(out, deadline, budgetNanos, name, port, caller);
    if (closed) {
      out.completeExceptionally(new IOException(name + ":" + port + ": router is closed"));
      return pending;
    }
    CompletableFuture<ResolvedHost> resolved;
    try {
      resolved = resolver.resolveAsync(name);
    } catch (RuntimeException e) {
      out.completeExceptionally(e);
      return pending;
    }
    resolved.whenComplete(
        (rh, e) -> {
          if (e != null) {
            out.completeExceptionally(unwrap(e));
            return;
          }
          try {
            route(pending, rh, start, avoid);
          } catch (RuntimeException ex) {
            out.completeExceptionally(ex);
          }
        });
    return pending;
  }

  private static List<dev.detour.router.AttemptOutcome> attemptsOf(Throwable e) {
    Throwable t = unwrap(e);
    return t instanceof NoHealthyAddressException n ? n.outcomes() : List.of();
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private void route(
      PendingConnect pending, ResolvedHost rh, long start, Set<InetSocketAddress> avoid) {
    String host = pending.host;
    int port = pending.port;
    if (closed) {
      // closed while DNS answered: close() has already aborted every race, so none may start now
      pending.future.completeExceptionally(
          new IOException(host + ":" + port + ": router is closed"));
      return;
    }
    if (pending.deadlineNanos - rt.now() <= 0) {
      // DNS answered after the deadline: nothing can be dialed, and no address is to blame
      pending.future.completeExceptionally(pending.budgetRanOutDuringResolution(rt.now() - start));
      return;
    }
    HostEntry entry = hosts.connecting(host, port);
    dns.connecting(entry, rh.addresses());
    List<AddressState> states = entry.states();
    CandidateOrder.Plan plan = entry.plan(states, config);
    if (plan.allOpen()) {
      NoHealthyAddressException e = Failures.fastFail(rt, host, port, pending.budgetNanos, states);
      rt.events().fastFail(host, port, e);
      LOG.debug("{}", e.getMessage());
      dns.recover(entry);
      pending.future.completeExceptionally(e);
      return;
    }
    List<AddressState> candidates = entry.statesOf(avoidLast(plan.candidates(), avoid));
    ConnectRace race =
        new ConnectRace(
            rt,
            dialer,
            host,
            candidates,
            plan.panic(),
            start,
            pending.deadlineNanos,
            pending.caller);
    pending.race.set(race);
    if (pending.future.isDone()) {
      // the caller gave up (interrupted, or its budget ran out) before DNS answered: abort() found
      // no race to cancel, so this one must not start
      race.abort("the caller gave up");
    }
    races.add(race);
    race.settled().whenComplete((v, e) -> races.remove(race));
    if (closed) {
      race.abort("router closed"); // close() ran between the check above and races.add
    }
    CompletableFuture<RaceWon> raced = race.start();
    // the connect's outcome: its race lost, or the winner's handshake ready or failed
    CompletableFuture<Void> settled = new CompletableFuture<>();
    learning.learnSoon(entry, raced, settled); // the addresses not known yet (see the class)
    raced.whenComplete(
        (won, e) -> {
          if (e != null) {
            settled.complete(null);
            Throwable cause = unwrap(e);
            if (cause instanceof RaceLost lost
                && ConnectRace.NO_CANDIDATE.equals(lost.getMessage())
                && !closed) {
              // every candidate's permit was taken (half-open trials running): nothing to dial
              NoHealthyAddressException ff =
                  Failures.fastFail(rt, host, port, pending.budgetNanos, entry.states());
              rt.events().fastFail(host, port, ff);
              pending.future.completeExceptionally(ff);
              return;
            }
            pending.future.completeExceptionally(
                Failures.raceFailure(
                    rt, host, port, start, pending.budgetNanos, candidates, cause));
            return;
          }
          shareFinding(won.state()); // other races of this host start it at once
          try {
            handOff.deliver(pending, won, start, () -> settled.complete(null));
          } catch (RuntimeException ex) {
            SocketDialer.closeQuietly(won.socket());
            pending.future.completeExceptionally(ex);
            settled.complete(null);
          }
        });
  }

  /** Moves the addresses in {@code avoid} to the end of {@code planned}. */
  private static List<InetSocketAddress> avoidLast(
      List<InetSocketAddress> planned, Set<InetSocketAddress> avoid) {
    if (avoid.isEmpty()) {
      return planned;
    }
    // plain loops: a pool that spreads its connections passes addresses on nearly every connect
    List<InetSocketAddress> out = new ArrayList<>(planned.size());
    for (int i = 0; i < planned.size(); i++) {
      if (!avoid.contains(planned.get(i))) {
        out.add(planned.get(i));
      }
    }
    for (int i = 0; i < planned.size(); i++) {
      if (avoid.contains(planned.get(i))) {
        out.add(planned.get(i));
      }
    }
    return out;
  }

  /**
   * Tells the races still running that {@code found} connects (see {@link ConnectRace#promote}).
   */
  private void shareFinding(AddressState found) {
    for (ConnectRace race : races) {
      race.promote(found);
    }
  }

  @Override
  public void reportFailure(String host, int port, InetSocketAddress address, Throwable cause) {
    hosts.reportFailure(host, port, address, cause);
  }

  @Override
  public boolean suspect(String host, int port, InetSocketAddress address, String why) {
    return hosts.suspect(host, port, address, why);
  }

  @Override
  public List<AddressHealth> reset(String host, int port) throws IOException {
    String name = ConnectArguments.host(host, port);
    if (closed) {
      throw new IOException(name + ":" + port + ": router is closed");
    }
    return hosts.reset(name, port);
  }

  @Override
  public List<AddressHealth> health(String host, int port) {
    return hosts.health(host, port);
  }

  @Override
  public RouterConfig config() {
    return config;
  }

  /** Adds a listener; the returned handle removes it. */
  @Override
  public AutoCloseable addListener(RouterEventListener listener) {
    return rt.events().add(listener);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      resolverSubscription.close();
    } catch (Exception e) {
      LOG.debug("unsubscribing from the resolver failed", e);
    }
    for (ConnectRace race : List.copyOf(races)) {
      race.abort("router closed");
      race.abortDetached();
    }
    hosts.entries().forEach(HostEntry::retireAll);
    prober.close();
    handOff.abandonAll();
    if (ownsScheduler) {
      rt.scheduler().close();
    }
    if (ownsResolver) {
      resolver.close();
    }
  }

  /** Returns the scheduler (for tests). */
  Scheduler scheduler() {
    return rt.scheduler();
  }

  @Override
  public String toString() {
    return "Router[" + hosts.keys() + "]";
  }
}
