package dev.detour.pool;

import dev.detour.router.AddressHealth;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What {@link DetourDataSource#reset()} did. Immutable. */
public final class ResetReport {

  private final List<AddressHealth> before;
  private final List<AddressHealth> after;
  private final int idleEvicted;
  private final int inUseEvicted;
  private final Optional<String> routerError;

  ResetReport(
      List<AddressHealth> before,
      List<AddressHealth> after,
      int idleEvicted,
      int inUseEvicted,
      Optional<String> routerError) {
    this.before = List.copyOf(before);
    this.after = List.copyOf(after);
    this.idleEvicted = idleEvicted;
    this.inUseEvicted = inUseEvicted;
    this.routerError = routerError;
  }

  /**
   * Returns the host's addresses and their health before the reset.
   *
   * @return the host's addresses and their health before the reset
   */
  public List<AddressHealth> before() {
    return before;
  }

  /**
   * Returns the addresses the router now knows (re-read from the resolver), all closed.
   *
   * @return the addresses the router now knows (re-read from the resolver), all closed
   */
  public List<InetSocketAddress> addresses() {
    List<InetSocketAddress> out = new ArrayList<>();
    after.forEach(h -> out.add(h.address()));
    return out;
  }

  /**
   * Returns how many breakers were open or half-open before the reset (and are now closed).
   *
   * @return how many breakers were open or half-open before the reset (and are now closed)
   */
  public int breakersReset() {
    return routerError.isPresent()
        ? 0
        : (int) before.stream().filter(h -> h.state() != AddressHealth.State.CLOSED).count();
  }

  /**
   * Returns how many idle connections were closed at once.
   *
   * @return how many idle connections were closed at once
   */
  public int idleEvicted() {
    return idleEvicted;
  }

  /**
   * Returns how many borrowed connections will be closed when they are returned.
   *
   * @return how many borrowed connections will be closed when they are returned
   */
  public int inUseEvicted() {
    return inUseEvicted;
  }

  /**
   * Returns why the router could not be reset (DNS failed), if so; connections were evicted.
   *
   * @return why the router could not be reset (DNS failed), if so; connections were evicted
   */
  public Optional<String> routerError() {
    return routerError;
  }

  @Override
  public String toString() {
    return "reset: "
        + routerError
            .map(e -> "router not reset (" + e + ")")
            .orElse(
                "re-resolved "
                    + after.size()
                    + " addresses, "
                    + breakersReset()
                    + " breakers reset")
        + "; evicted "
        + idleEvicted
        + " idle connections now, "
        + inUseEvicted
        + " in use on return";
  }
}
