package dev.detour.router;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * No address of a host could be connected: either every address is known bad (fast-fail, thrown
 * within a millisecond) or none answered within the connect budget.
 *
 * <p>The message names the host, every address with its last outcome, the elapsed time against the
 * budget and when the next probe is due, for example {@code ep-x.neon.test:5432: no healthy address
 * within 10s budget (12 tried: 8 timed out, 4 refused); fast-fail open until 13:02:11}. The JDBC
 * layer maps it to SQLState 08001.
 */
public class NoHealthyAddressException extends IOException {

  private static final long serialVersionUID = 1L;

  /** The host name. */
  private final String host;

  /** The port. */
  private final int port;

  /** Whether it failed without dialing. */
  private final boolean fastFail;

  private final transient List<AttemptOutcome> outcomes;
  private final transient List<AddressHealth> health;

  /** When the next background probe is due, or {@code null}. */
  private final Instant nextProbeAt;

  /**
   * @param message the whole message
   * @param host the host name
   * @param port the port
   * @param fastFail whether it failed without dialing because every address was open
   * @param outcomes the attempts of this connect (empty on fast-fail)
   * @param health every address's health at the time of the failure
   * @param nextProbeAt when the next probe is due, or {@code null} if none is scheduled
   */
  public NoHealthyAddressException(
      String message,
      String host,
      int port,
      boolean fastFail,
      List<AttemptOutcome> outcomes,
      List<AddressHealth> health,
      Instant nextProbeAt) {
    super(message);
    this.host = host;
    this.port = port;
    this.fastFail = fastFail;
    this.outcomes = List.copyOf(outcomes);
    this.health = List.copyOf(health);
    this.nextProbeAt = nextProbeAt;
  }

  /**
   * Returns the host name.
   *
   * @return the host name
   */
  public String host() {
    return host;
  }

  /**
   * Returns the port.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Returns whether it failed without dialing, because every address was open.
   *
   * @return whether it failed without dialing, because every address was open
   */
  public boolean isFastFail() {
    return fastFail;
  }

  /**
   * Returns the attempts of this connect, in start order (empty on fast-fail).
   *
   * @return the attempts of this connect, in start order (empty on fast-fail)
   */
  public List<AttemptOutcome> outcomes() {
    return outcomes == null ? List.of() : outcomes;
  }

  /**
   * Returns every address's health (state, last failure, next probe) when this was thrown.
   *
   * @return every address's health (state, last failure, next probe) when this was thrown
   */
  public List<AddressHealth> health() {
    return health == null ? List.of() : health;
  }

  /**
   * Returns when the next background probe is due, if one is scheduled.
   *
   * @return when the next background probe is due, if one is scheduled
   */
  public Optional<Instant> nextProbeAt() {
    return Optional.ofNullable(nextProbeAt);
  }
}
