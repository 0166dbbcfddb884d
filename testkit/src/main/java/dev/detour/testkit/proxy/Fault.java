package dev.detour.testkit.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * A network fault that a {@link FaultProxyFleet} injects on one of its addresses.
 *
 * <p>Faults are immutable values; compare them with {@code equals}. Which connections a fault
 * touches:
 *
 * <ul>
 *   <li>{@link #pass()}, {@link #latency(Duration)} and {@link #stallAfter(long)} act on new and
 *       already open connections.
 *   <li>{@link #reset()} resets open connections when it is set and every new one.
 *   <li>{@link #refuse()}, {@link #blackhole()} and {@link #acceptThenStall()} act on new
 *       connections only; connections already open keep their behaviour.
 *   <li>{@link #blackholeAndStall()} acts on both: new SYNs are dropped and open connections go
 *       silent.
 * </ul>
 */
public sealed interface Fault
    permits Fault.Pass,
        Fault.Refuse,
        Fault.Blackhole,
        Fault.BlackholeAndStall,
        Fault.AcceptThenStall,
        Fault.StallAfter,
        Fault.Reset,
        Fault.Latency {

  /**
   * Forwards bytes both ways, unchanged and at once. The default.
   *
   * @return the fault
   */
  static Fault pass() {
    return Pass.INSTANCE;
  }

  /**
   * Closes the address's listener, so the kernel answers new connects with RST ({@code
   * ConnectException: Connection refused}).
   *
   * @return the fault
   */
  static Fault refuse() {
    return Refuse.INSTANCE;
  }

  /**
   * Drops new SYNs, so a client's {@code connect()} hangs until its own timeout. Done by a listener
   * with a full accept queue that is never accepted; takes about 200 ms to set up.
   *
   * @return the fault
   */
  static Fault blackhole() {
    return Blackhole.INSTANCE;
  }

  /**
   * Drops new SYNs like {@link #blackhole()} and stops forwarding on the connections already open
   * like {@code stallAfter(0)}: an address that dies silently, as a cloud proxy can. Setting
   * another fault resumes the paused connections without losing bytes.
   *
   * @return the fault
   */
  static Fault blackholeAndStall() {
    return BlackholeAndStall.INSTANCE;
  }

  /**
   * Accepts new TCP connections and never forwards a byte either way, and never opens the backend
   * connection. Such a connection stays stalled after the fault changes.
   *
   * @return the fault
   */
  static Fault acceptThenStall() {
    return AcceptThenStall.INSTANCE;
  }

  /**
   * Forwards until {@code bytes} bytes have passed on this address (both directions and all
   * connections counted together, from when the fault is set), then forwards nothing, also on
   * connections already open: their reads hang. Setting another fault resumes the paused
   * connections without losing bytes.
   *
   * @param bytes the budget, {@code >= 0}
   * @return the fault
   */
  static Fault stallAfter(long bytes) {
    return new StallAfter(bytes);
  }

  /**
   * Resets (RST, by a close with {@code SO_LINGER} 0) every open connection on the address when
   * set, and every new connection right after it is accepted.
   *
   * @return the fault
   */
  static Fault reset() {
    return Reset.INSTANCE;
  }

  /**
   * Forwards each chunk read from either side after {@code delay}; a round trip takes at least
   * twice the delay.
   *
   * @param delay the delay per chunk, not negative
   * @return the fault
   */
  static Fault latency(Duration delay) {
    return new Latency(delay);
  }

  /** See {@link Fault#pass()}. */
  enum Pass implements Fault {
    /** The only instance. */
    INSTANCE;

    @Override
    public String toString() {
      return "pass";
    }
  }

  /** See {@link Fault#refuse()}. */
  enum Refuse implements Fault {
    /** The only instance. */
    INSTANCE;

    @Override
    public String toString() {
      return "refuse";
    }
  }

  /** See {@link Fault#blackhole()}. */
  enum Blackhole implements Fault {
    /** The only instance. */
    INSTANCE;

    @Override
    public String toString() {
      return "blackhole";
    }
  }

  /** See {@link Fault#blackholeAndStall()}. */
  enum BlackholeAndStall implements Fault {
    /** The only instance. */
    INSTANCE;

    @Override
    public String toString() {
      return "blackholeAndStall";
    }
  }

  /** See {@link Fault#acceptThenStall()}. */
  enum AcceptThenStall implements Fault {
    /** The only instance. */
    INSTANCE;

    @Override
    public String toString() {
      return "acceptThenStall";
    }
  }

  /** See {@link Fault#reset()}. */
  enum Reset implements Fault {
    /** The only instance. */
    INSTANCE;

    @Override
    public String toString() {
      return "reset";
    }
  }

  /**
   * See {@link Fault#stallAfter(long)}.
   *
   * @param bytes the number of bytes forwarded before the stall, {@code >= 0}
   */
  record StallAfter(long bytes) implements Fault {
    /**
     * Validates the budget.
     *
     * @param bytes the budget, {@code >= 0}
     */
    public StallAfter {
      if (bytes < 0) {
        throw new IllegalArgumentException("bytes: " + bytes + " (expected: bytes >= 0)");
      }
    }

    @Override
    public String toString() {
      return "stallAfter(" + bytes + ")";
    }
  }

  /**
   * See {@link Fault#latency(Duration)}.
   *
   * @param delay the delay per forwarded chunk, not negative
   */
  record Latency(Duration delay) implements Fault {
    /**
     * Validates the delay.
     *
     * @param delay the delay per chunk, not negative
     */
    public Latency {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay: " + delay + " (expected: delay >= 0)");
      }
    }

    @Override
    public String toString() {
      return "latency(" + delay + ")";
    }
  }
}
