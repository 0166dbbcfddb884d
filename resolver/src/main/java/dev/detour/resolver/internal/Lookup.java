package dev.detour.resolver.internal;

import dev.detour.core.Cancellable;
import dev.detour.core.Durations;
import dev.detour.resolver.internal.FamilyResult.Kind;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * One lookup of one host: A and AAAA in parallel, for each search candidate in turn, within one
 * total timeout.
 *
 * <ol>
 *   <li>Query the wanted types of the candidate name in parallel.
 *   <li>When one type has addresses, wait at most the resolution delay (RFC 8305, 50 ms) for the
 *       other, then finish with what is there. A type answered later is handed to the late
 *       consumer, so the cache still gets it.
 *   <li>When the candidate has no address, try the next candidate.
 *   <li>When the total timeout runs out, finish with what is there.
 * </ol>
 *
 * <p>One instance runs once. Thread-safe.
 */
public final class Lookup {

  private final String host;
  private final List<Name> candidates;
  private final boolean wantA;
  private final boolean wantAaaa;
  private final QueryContext ctx;
  private final long deadlineNanos;
  private final long totalTimeoutNanos;
  private final Consumer<FamilyResult> late;
  private final CompletableFuture<LookupResult> result = new CompletableFuture<>();
  private Round round;
  private LookupResult lastResult;
  private Cancellable totalTimer;

  /**
   * @param late receives each type answered after the lookup finished (on the winning candidate)
   */
  public Lookup(
      String host,
      List<Name> candidates,
      boolean wantA,
      boolean wantAaaa,
      QueryContext ctx,
      long totalTimeoutNanos,
      Consumer<FamilyResult> late) {
    this.host = host;
    this.candidates = candidates;
    this.wantA = wantA;
    this.wantAaaa = wantAaaa;
    this.ctx = ctx;
    this.totalTimeoutNanos = totalTimeoutNanos;
    this.deadlineNanos = ctx.scheduler().ticker().nanoTime() + totalTimeoutNanos;
    this.late = late;
  }

  /** Starts the lookup; the future completes within the total timeout and never exceptionally. */
  public CompletableFuture<LookupResult> start() {
    Cancellable timer =
        ctx.scheduler().schedule(this::onTotalTimeout, totalTimeoutNanos, TimeUnit.NANOSECONDS);
    Round first;
    synchronized (this) {
      totalTimer = timer;
      first = new Round(0);
      round = first;
    }
    first.start();
    return result;
  }

  private void onTotalTimeout() {
    Round current;
    synchronized (this) {
      current = round;
    }
    if (current != null) {
      current.finish("timeout after " + Durations.formatNanos(totalTimeoutNanos), true);
    }
  }

  private void roundFinished(Round finished, LookupResult r, boolean timedOut) {
    Round next = null;
    synchronized (this) {
      if (result.isDone()) {
        return;
      }
      if (lastResult == null || finished.index == candidates.size() - 1 || r.hasAddresses()) {
        lastResult = r;
      }
      boolean more = finished.index + 1 < candidates.size();
      if (!r.hasAddresses() && more && !timedOut) {
        next = new Round(finished.index + 1);
        round = next;
      } else {
        finished.winner = true;
        round = null;
      }
    }
    if (next != null) {
      next.start();
      return;
    }
    totalTimer.cancel();
    result.complete(r.hasAddresses() ? r : lastResult);
  }

  /** The A and AAAA queries of one candidate name. */
  private final class Round {
    final int index;
    FamilyResult a;
    FamilyResult aaaa;
    boolean finished;
    volatile boolean winner;
    Cancellable delayTimer;

    Round(int index) {
      this.index = index;
    }

    void start() {
      Name name = candidates.get(index);
      if (wantA) {
        new FamilyQuery(host, name, Type.A, ctx, deadlineNanos)
            .start()
            .whenComplete((r, e) -> onFamily(r != null ? r : failure("A", e)));
      }
      if (wantAaaa) {
        new FamilyQuery(host, name, Type.AAAA, ctx, deadlineNanos)
            .start()
            .whenComplete((r, e) -> onFamily(r != null ? r : failure("AAAA", e)));
      }
    }

    void onFamily(FamilyResult r) {
      boolean finishNow = false;
      boolean isLate = false;
      synchronized (this) {
        if (finished) {
          isLate = true;
        } else {
          if (r.type().equals("A")) {
            a = r;
          } else {
            aaaa = r;
          }
          if ((!wantA || a != null) && (!wantAaaa || aaaa != null)) {
            finishNow = true;
          } else if (r.kind() == Kind.ADDRESSES && delayTimer == null) {
            delayTimer =
                ctx.scheduler()
                    .schedule(
                        () ->
                            finish(
                                "no answer within the resolution delay of "
                                    + Durations.formatNanos(ctx.resolutionDelayNanos()),
                                false),
                        ctx.resolutionDelayNanos(),
                        TimeUnit.NANOSECONDS);
          }
        }
      }
      if (isLate) {
        if (winner && r.kind() == Kind.ADDRESSES) {
          late.accept(r);
        }
        return;
      }
      if (finishNow) {
        finish("", false);
      }
    }

    void finish(String pendingDetail, boolean timedOut) {
      LookupResult r;
      synchronized (this) {
        if (finished) {
          return;
        }
        finished = true;
        if (delayTimer != null) {
          delayTimer.cancel();
        }
        FamilyResult fa =
            wantA && a == null ? FamilyResult.of("A", Kind.PENDING, pendingDetail) : a;
        FamilyResult f6 =
            wantAaaa && aaaa == null ? FamilyResult.of("AAAA", Kind.PENDING, pendingDetail) : aaaa;
        r = new LookupResult(fa, f6);
      }
      roundFinished(this, r, timedOut);
    }

    private FamilyResult failure(String type, Throwable e) {
      return FamilyResult.of(type, Kind.FAILURE, "error: " + e);
    }
  }
}
