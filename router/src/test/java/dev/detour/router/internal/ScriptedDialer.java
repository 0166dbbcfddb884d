package dev.detour.router.internal;

import dev.detour.testkit.FakeClock;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Dialer} on virtual time whose addresses behave as scripted: connect after a delay,
 * refuse after a delay, fail, or black-hole (never answer). Sockets it "connects" are unconnected
 * {@link Socket} objects: no network is touched.
 */
final class ScriptedDialer implements Dialer {

  enum Kind {
    CONNECT,
    /** Connects after the delay even if the router cancelled the attempt meanwhile. */
    CONNECT_LATE,
    REFUSE,
    UNREACHABLE,
    BLACKHOLE
  }

  record Behaviour(Kind kind, Duration after) {}

  /** One dial, as seen by the dialer. */
  static final class Dial {
    final InetSocketAddress address;
    final long timeoutNanos;
    final long atNanos;
    boolean cancelled;
    boolean offeredToCaller; // the race offered the waiting caller's thread to this dial
    boolean detached; // the race detached it (a slower loser running on)
    volatile boolean ranOnCaller; // the waiting caller's thread ran it (CallerRuns)
    Socket socket;

    Dial(InetSocketAddress address, long timeoutNanos, long atNanos) {
      this.address = address;
      this.timeoutNanos = timeoutNanos;
      this.atNanos = atNanos;
    }
  }

  private final FakeClock clock;
  private final Map<InetSocketAddress, Behaviour> script = new ConcurrentHashMap<>();
  private Behaviour fallback = new Behaviour(Kind.CONNECT, Duration.ofMillis(10));
  final List<Dial> dials = new ArrayList<>();

  ScriptedDialer(FakeClock clock) {
    this.clock = clock;
  }

  ScriptedDialer on(InetSocketAddress address, Kind kind, Duration after) {
    script.put(address, new Behaviour(kind, after));
    return this;
  }

  ScriptedDialer otherwise(Kind kind, Duration after) {
    fallback = new Behaviour(kind, after);
    return this;
  }

  /** Returns how many dials went to {@code address}. */
  synchronized long dialsTo(InetSocketAddress address) {
    return dials.stream().filter(d -> d.address.equals(address)).count();
  }

  /** Returns "127.0.0.1:5432@0ms" entries: where and when each dial started (since {@code t0}). */
  synchronized List<String> log(long t0) {
    List<String> out = new ArrayList<>();
    for (Dial d : dials) {
      out.add(Addresses.format(d.address) + "@" + T.fmt(d.atNanos - t0));
    }
    return out;
  }

  /** Returns whether every dial to {@code address} was cancelled by the router. */
  synchronized boolean cancelled(InetSocketAddress address) {
    return dials.stream().filter(d -> d.address.equals(address)).allMatch(d -> d.cancelled);
  }

  @Override
  public synchronized Handle dial(
      InetSocketAddress address, long timeoutNanos, CallerRuns caller, Callback cb) {
    Dial dial = new Dial(address, timeoutNanos, clock.nanoTime());
    dial.offeredToCaller = caller != null;
    dials.add(dial);
    Behaviour b = script.getOrDefault(address, fallback);
    // as the real dialer does: the waiting caller's thread, when offered, starts the dial
    Runnable start =
        () -> {
          if (b.kind() != Kind.BLACKHOLE) {
            clock.schedule(
                () -> {
                  synchronized (ScriptedDialer.this) {
                    if (dial.cancelled && b.kind() != Kind.CONNECT_LATE) {
                      return;
                    }
                  }
                  switch (b.kind()) {
                    case CONNECT, CONNECT_LATE -> {
                      dial.socket = new Socket();
                      cb.connected(dial.socket);
                    }
                    case REFUSE -> cb.failed(new ConnectException("Connection refused"));
                    default -> cb.failed(new NoRouteToHostException("No route to host"));
                  }
                },
                b.after().toNanos(),
                TimeUnit.NANOSECONDS);
          }
        };
    if (caller != null
        && caller.offer(
            () -> {
              dial.ranOnCaller = true;
              start.run();
            })) {
      // runs when the caller's thread takes it
    } else {
      start.run();
    }
    return new Handle() {
      @Override
      public void cancel() {
        synchronized (ScriptedDialer.this) {
          dial.cancelled = true;
        }
      }

      @Override
      public void detach() {
        synchronized (ScriptedDialer.this) {
          dial.detached = true;
        }
      }
    };
  }
}
