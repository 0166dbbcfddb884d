package dev.detour.router.internal;

import dev.detour.router.AddressHealth;
import dev.detour.router.RouterConfig;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.event.CircuitBreakerStateChangedEvent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The health of one address: a Failsafe {@link CircuitBreaker} and the rules that open and close
 * it, plus what the router has learned of the address (RTT, failures, race standing, known-good).
 *
 * <p>The breaker is built with an open delay of 100 years: this class moves it from OPEN to
 * HALF_OPEN itself, on the ticker, when its {@link BreakerTimer} fires.
 *
 * <p>Opening rule: a timeout, a refusal or a handshake stall opens a closed breaker at once; other
 * failures open it after {@code failuresToOpen} in a row; any failure of the half-open trial
 * re-opens it. A success closes it, with one exception: a breaker opened for a failure after TCP (a
 * handshake stall, a reported failure of an established connection) closes only on a
 * handshake-level success ({@link #recordHandshakeSuccess}, or an SSLRequest probe), because the
 * incident's proxy accepts TCP and then stalls; a TCP connect then only teaches the RTT, and a
 * half-open trial it used is given back.
 *
 * <p>Every permit handed out by {@link #tryAcquire} must end in exactly one of {@link
 * #recordSuccess}, {@link #recordFailure} or {@link #release}. Thread-safe: every method locks this
 * object; breaker-transition events are sent after the lock is released. This object's monitor also
 * guards its helpers, which are not thread-safe on their own and are only ever called under it: the
 * {@link BreakerTimer}, the {@link FailureRecord}, the {@link RaceStanding} and the {@link
 * RttAverage}. {@link HealthReport} formats what is read under it.
 */
public final class AddressState {

  private static final Duration NEVER = Duration.ofDays(365L * 100);

  /** What an acquired permit allows. */
  public enum Permit {
    /** The breaker is closed: any number of attempts. */
    NORMAL,
    /** The breaker is half-open: this is its single trial. */
    TRIAL,
    /** The breaker is open, but panic mode tries it anyway. */
    PANIC
  }

  /** How an address failed. */
  public enum FailureKind {
    TIMED_OUT("timed out", true, AddressHealth.FailureKind.TIMED_OUT),
    REFUSED("refused", true, AddressHealth.FailureKind.REFUSED),
    FAILED("failed", false, AddressHealth.FailureKind.FAILED),
    STALLED("handshake stalled", true, AddressHealth.FailureKind.STALLED);

    final String label;
    final boolean opensAtOnce;
    final AddressHealth.FailureKind api;

    FailureKind(String label, boolean opensAtOnce, AddressHealth.FailureKind api) {
      this.label = label;
      this.opensAtOnce = opensAtOnce;
      this.api = api;
    }

    /** Returns a short label such as {@code "timed out"}. */
    public String label() {
      return label;
    }
  }

  private final InetSocketAddress address;
  private final RouterRuntime rt;
  private final CircuitBreaker<Object> breaker;
  private final Consumer<AddressState> onHalfOpen;
  private final BreakerTimer timer; // guarded by this
  private final FailureRecord failures = new FailureRecord(); // guarded by this
  private final RaceStanding race = new RaceStanding(); // guarded by this
  private final RttAverage rtt = new RttAverage(); // guarded by this

  private boolean handshakeProven; // see isHandshakeProven(); cleared by a failure that opens
  private String reason = "";
  private FailureKind reasonKind; // the kind of failure that set reason; null if none did
  private boolean silent;
  private boolean retired;
  private boolean needsHandshakeProof; // opened for a failure after TCP; cleared on close

  /**
   * @param address the address
   * @param rt the router's shared runtime
   * @param onHalfOpen called (on a timer or worker thread, without this lock) when the open time
   *     has passed and the breaker is half-open, and again when a half-open trial is given back
   *     unused, so that a probe can run
   */
  public AddressState(
      InetSocketAddress address, RouterRuntime rt, Consumer<AddressState> onHalfOpen) {
    this.address = address;
    this.rt = rt;
    this.onHalfOpen = onHalfOpen;
    this.timer = new BreakerTimer(address, rt, this::openTimeElapsed);
    RouterConfig c = rt.config();
    this.breaker =
        CircuitBreaker.builder()
            .withFailureThreshold(c.failuresToOpen())
            .withSuccessThreshold(1)
            .withDelay(NEVER)
            .onOpen(e -> transition(e, AddressHealth.State.OPEN))
            .onHalfOpen(e -> transition(e, AddressHealth.State.HALF_OPEN))
            .onClose(e -> transition(e, AddressHealth.State.CLOSED))
            .build();
  }

  public InetSocketAddress address() {
    return address;
  }

  /** Returns the breaker state. */
  public synchronized AddressHealth.State state() {
    return HealthReport.stateOf(breaker.getState());
  }

  /** Returns the RTT average in nanoseconds, 0 if never connected. */
  public synchronized long rttEwmaNanos() {
    return rtt.nanos();
  }

  public synchronized int consecutiveFailures() {
    return failures.consecutive();
  }

  /** Returns the last failure's kind, or null. */
  public synchronized FailureKind lastFailureKind() {
    return failures.lastKind();
  }

  /** Returns when the breaker goes half-open (ticker nanos), or 0 if it is not open. */
  public synchronized long halfOpenAtNanos() {
    return breaker.isOpen() ? timer.halfOpenAtNanos() : 0;
  }

  /**
   * Takes a permit to dial this address.
   *
   * @param panic whether an open breaker may be tried anyway
   * @return the permit, or {@code null} if the breaker refuses (open without panic, or half-open
   *     with its trial taken)
   */
  public synchronized Permit tryAcquire(boolean panic) {
    if (retired) {
      return null;
    }
    switch (breaker.getState()) {
      case CLOSED:
        return Permit.NORMAL;
      case HALF_OPEN:
        return breaker.tryAcquirePermit() ? Permit.TRIAL : null;
      default:
        return panic ? Permit.PANIC : null;
    }
  }

  /** Records that a dial with {@code permit} connected after {@code rttNanos} (TCP level). */
  public void recordSuccess(Permit permit, long rttNanos) {
    succeed(permit, rttNanos, false, false);
  }

  /**
   * Records a passed background probe: a handshake-level one ({@code sslRequest}) or a TCP connect.
   * Its time includes the SSLRequest round trip and the probe's own scheduling, so it is not an RTT
   * sample.
   */
  public void recordProbeSuccess(Permit permit, boolean sslRequest) {
    succeed(permit, 0, sslRequest, true);
  }

  /**
   * Records that a connection to this address finished its handshake ({@code markReady()}): closes
   * an open or half-open breaker, even one opened for a handshake stall.
   */
  public void recordHandshakeSuccess() {
    succeed(null, 0, true, true);
  }

  /** Returns whether only a handshake-level success may close this breaker now. */
  public synchronized boolean needsHandshakeProof() {
    return needsHandshakeProof && !breaker.isClosed();
  }

  /**
   * @param rttNanos a TCP connect time to learn, or 0 for none
   * @param handshake whether the success is handshake-level (it may close a breaker opened for a
   *     failure after TCP)
   * @param proves whether it makes the address known-good (a handshake-level success, or a passed
   *     probe of the configured kind)
   */
  private void succeed(Permit permit, long rttNanos, boolean handshake, boolean proves) {
    boolean giveBack = false;
    rt.events().hold();
    try {
      synchronized (this) {
        rtt.add(rttNanos);
        race.clearSlow();
        if (proves && (handshake || !needsHandshakeProof())) {
          handshakeProven = true;
        }
        if (retired || (permit == null && !handshake)) {
          return;
        }
        if (needsHandshakeProof() && !handshake) {
          giveBack = permit == Permit.TRIAL; // the trial proved nothing: back to the probe
        } else if (permit == null && breaker.isClosed()) {
          return; // a connection marked ready on a healthy address: nothing changes
        } else {
          failures.endRun();
          if (breaker.isOpen() || (permit == null && breaker.isHalfOpen())) {
            reasonKind = null;
            reason =
                permit == null
                    ? "handshake completed"
                    : permit == Permit.PANIC ? "connected in panic mode" : "connected";
            breaker.close();
          } else {
            reasonKind = null;
            reason = permit == Permit.TRIAL ? "trial connected" : "connected";
            breaker.recordSuccess();
          }
        }
      }
    } finally {
      rt.events().release();
    }
    if (giveBack) {
      release(permit);
    }
  }

  /**
   * Records a failure. With no permit ({@code null}), it is a failure reported after TCP (a stall
   * or a caller report) on a connection whose permit was already settled.
   */
  public void recordFailure(Permit permit, FailureKind kind, String detail) {
    rt.events().hold();
    try {
      synchronized (this) {
        failures.record(kind, detail, rt.now());
        if (retired) {
          return;
        }
        reason = detail;
        reasonKind = kind;
        switch (breaker.getState()) {
          case CLOSED:
            if (kind.opensAtOnce) {
              breaker.open();
            } else {
              breaker.recordFailure(); // opens after failuresToOpen in a row
            }
            break;
          case HALF_OPEN:
            if (permit == Permit.TRIAL) {
              breaker.recordFailure();
            } else {
              breaker.open();
            }
            break;
          default:
            // already open: a panic attempt or a late report; the open timer keeps running
            break;
        }
        if (permit == null && !breaker.isClosed()) {
          needsHandshakeProof = true;
        }
        if (!breaker.isClosed() || kind == FailureKind.STALLED) {
          handshakeProven = false; // known-good again only after a new handshake-level success
        }
      }
    } finally {
      rt.events().release();
    }
  }

  /**
   * Gives back a permit whose attempt was cut short (a race loser cancelled by the winner, or an
   * attempt cut by the budget): it counts neither as success nor failure.
   *
   * <p>Failsafe 3.3 has no public way to return a half-open permit, so a cancelled trial re-arms
   * the half-open state (open then half-open, with transition events suppressed), which restores
   * exactly one trial permit. The trial is then handed back to the background probe: {@code
   * onHalfOpen} runs again on a scheduler worker, because user traffic that took the trial may have
   * made the probe give up, and without a probe (and with nothing closed) the address would never
   * be tried again.
   */
  public void release(Permit permit) {
    synchronized (this) {
      if (permit != Permit.TRIAL || retired || !breaker.isHalfOpen()) {
        return;
      }
      silent = true;
      try {
        breaker.open();
        breaker.halfOpen();
      } finally {
        silent = false;
      }
    }
    try {
      rt.scheduler().execute(() -> onHalfOpen.accept(this));
    } catch (RejectedExecutionException e) {
      // the router is closing: no probe is wanted
    }
  }

  /**
   * Notes that an attempt to this address was still running when another address won the race: the
   * address is slow for {@code maxOpenDelay} and a suspect until the attempt settles. See {@link
   * RaceStanding}.
   */
  public synchronized void recordSlowLoss() {
    race.lostInFlight(retired ? 0 : rt.now() + rt.config().maxOpenDelay().toNanos());
  }

  /** Notes that an attempt noted by {@link #recordSlowLoss()} has reported its real outcome. */
  public synchronized void suspectSettled() {
    race.settled();
  }

  /** Returns whether a race loss noted by {@link #recordSlowLoss()} has not settled yet. */
  public synchronized boolean isSuspect() {
    return race.isSuspect();
  }

  /**
   * Returns whether the address is <em>known-good</em>: a handshake-level success (a connection
   * marked ready, or a passed probe: the SSLRequest exchange, or the TCP connect when {@code
   * probe=tcp} is all the router is configured to check) and no failure after it. A bare TCP
   * connect is not enough: the accept-then-stall proxy accepts every TCP connect.
   */
  public synchronized boolean isHandshakeProven() {
    return handshakeProven;
  }

  /** Returns whether the address recently lost a race it had started first. */
  public synchronized boolean isSlow() {
    return race.isSlow(rt.now());
  }

  /**
   * Returns what {@link CandidateOrder} needs to know of this address, read under one lock (a
   * connect plans over every address of its host: one lock each, not one per field).
   */
  public synchronized CandidateOrder.Entry planEntry() {
    return new CandidateOrder.Entry(
        address,
        state(),
        rtt.nanos(),
        failures.consecutive(),
        breaker.isOpen() ? timer.halfOpenAtNanos() : 0,
        race.isSlow(rt.now()),
        handshakeProven,
        race.isSuspect());
  }

  /** Forgets this address: cancels its timer; later records change nothing. */
  public synchronized void retire() {
    retired = true;
    timer.cancel();
  }

  public synchronized boolean isRetired() {
    return retired;
  }

  /** Returns a snapshot for {@link dev.detour.router.Router#health}. */
  public synchronized AddressHealth snapshot() {
    return HealthReport.snapshot(
        address, state(), rtt.nanos(), failures, timer.halfOpenAtNanos(), rt);
  }

  /** Returns e.g. {@code "127.0.0.2:5432 open, timed out after 1.5s 3s ago"}, for messages. */
  public synchronized String describe() {
    return HealthReport.describe(address, state(), failures, rt);
  }

  // Called by Failsafe, synchronously, on the thread that changed the state (which holds our lock).
  // The event is queued by RouterEvents.hold() and sent once the lock is released.
  private void transition(CircuitBreakerStateChangedEvent e, AddressHealth.State to) {
    if (silent) {
      return;
    }
    if (to == AddressHealth.State.CLOSED) {
      needsHandshakeProof = false;
    }
    timer.transition(
        HealthReport.stateOf(e.getPreviousState()),
        to,
        reason,
        reasonKind == null ? null : reasonKind.api);
  }

  private void openTimeElapsed() {
    rt.events().hold();
    try {
      synchronized (this) {
        timer.fired();
        if (retired || !breaker.isOpen()) {
          return;
        }
        reasonKind = null;
        reason = "open time elapsed";
        breaker.halfOpen();
      }
    } finally {
      rt.events().release();
    }
    onHalfOpen.accept(this);
  }

  /** Returns the open time of the n-th open in a row: see {@link BreakerTimer#openDelayNanos}. */
  long openDelayNanos(int n) {
    return timer.openDelayNanos(n);
  }

  @Override
  public String toString() {
    return describe();
  }
}
