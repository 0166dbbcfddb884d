package dev.detour.testkit.proxy;

/**
 * A snapshot of one proxy address's traffic (or the sum over a fleet).
 *
 * @param accepted connections accepted since start or the last {@link
 *     FaultProxyFleet#resetCounters()}, including ones that a fault then stalled or reset
 * @param active connections open right now (a gauge, never reset)
 * @param bytesToBackend bytes forwarded from clients to the backend
 * @param bytesToClient bytes forwarded from the backend to clients
 */
public record ProxyCounters(long accepted, int active, long bytesToBackend, long bytesToClient) {

  /**
   * Returns the element-wise sum of this and {@code other}.
   *
   * @param other the counters to add
   * @return the element-wise sum of this and {@code other}
   */
  public ProxyCounters plus(ProxyCounters other) {
    return new ProxyCounters(
        accepted + other.accepted,
        active + other.active,
        bytesToBackend + other.bytesToBackend,
        bytesToClient + other.bytesToClient);
  }
}
