package dev.detour.router.internal;

/**
 * The failure history of one address: how many failures in a row, and the kind, text and time of
 * the last one. The breaker decides on its own counts; this record is what health snapshots,
 * messages and {@link CandidateOrder}'s penalties read.
 *
 * <p>Not thread-safe on its own: every method must be called while holding the owning {@link
 * AddressState}'s monitor, the lock that guards its breaker (as for {@link BreakerTimer}).
 */
final class FailureRecord {

  private int consecutive;
  private AddressState.FailureKind lastKind;
  private String lastDetail;
  private long lastAtNanos;

  /** Records a failure of {@code kind}, described by {@code detail}, at {@code nowNanos}. */
  void record(AddressState.FailureKind kind, String detail, long nowNanos) {
    consecutive++;
    lastKind = kind;
    lastDetail = detail;
    lastAtNanos = nowNanos;
  }

  /** Ends the run of failures: the address has just succeeded. The last failure is kept. */
  void endRun() {
    consecutive = 0;
  }

  /** Returns how many failures in a row, since the last success. */
  int consecutive() {
    return consecutive;
  }

  /** Returns the last failure's kind, or {@code null} if it never failed. */
  AddressState.FailureKind lastKind() {
    return lastKind;
  }

  /** Returns the last failure's text, or {@code null} if it never failed. */
  String lastDetail() {
    return lastDetail;
  }

  /** Returns when the last failure was recorded (ticker nanos); meaningful if it failed. */
  long lastAtNanos() {
    return lastAtNanos;
  }
}
