package dev.detour.spring;

/**
 * The {@code detour.router.*} settings, as written in {@code application.properties} or {@code
 * application.yml}: how a connection picks and races addresses, and when an address is ejected.
 *
 * <p>Values are kept as written and checked by the router itself at start-up, so a bad value fails
 * with Detour's own message (key, value, expected). Defaults are those of {@code
 * RouterConfig.defaults()}. Not thread-safe: Spring binds it once at start-up.
 */
public class DetourRouterProperties {

  /**
   * Total time for one physical connection: DNS, TCP over every address, TLS, startup and
   * authentication. From 10ms to 1h.
   */
  private String connectBudget = "10s";

  /**
   * Stagger between TCP attempts when the first candidate has no RTT history. From 1ms to 1m,
   * within [min-attempt-delay, max-attempt-delay].
   */
  private String attemptDelay = "250ms";

  /** Lower bound of the RTT-adapted stagger, and the stagger of a cold race. From 1ms to 1m. */
  private String minAttemptDelay = "100ms";

  /** Upper bound of the RTT-adapted stagger. From 1ms to 1m. */
  private String maxAttemptDelay = "2s";

  /** TCP attempts running at once when there is RTT history. From 1 to 64. */
  private String maxConcurrentAttempts = "3";

  /**
   * Lower bound of one attempt's share of the remaining budget. From 1ms to 1h, at most
   * max-attempt-timeout.
   */
  private String minAttemptTimeout = "1500ms";

  /** Upper bound of one attempt's share of the remaining budget. From 1ms to 1h. */
  private String maxAttemptTimeout = "4s";

  /** How long an address is ejected (breaker open) the first time. From 1ms to 1h. */
  private String openDelay = "2s";

  /** Ceiling of the doubling ejection time. At least open-delay, at most 1d. */
  private String maxOpenDelay = "60s";

  /** Relative jitter of the ejection time. From 0 to 1. */
  private String openJitter = "0.2";

  /** Failures in a row, other than timeouts and refusals, that eject an address. From 1 to 100. */
  private String failuresToOpen = "2";

  /**
   * Healthy fraction of addresses under which ejected ones are tried after the healthy ones. From 0
   * to 1.
   */
  private String panicThreshold = "0.5";

  /** How an ejected address is re-tested in the background: TCP, SSLREQUEST or OFF. */
  private String probe = "SSLREQUEST";

  /** Total time of one background probe. From 1ms to 1m. */
  private String probeTimeout = "2s";

  /** TCP keepalive idle time. From 1s to 1d. */
  private String keepAliveIdle = "30s";

  /** TCP keepalive interval. From 1s to 1d. */
  private String keepAliveInterval = "10s";

  /** TCP keepalive probe count. From 1 to 127. */
  private String keepAliveCount = "3";

  /** Whether TCP_NODELAY is set on routed sockets. */
  private String tcpNoDelay = "true";

  /**
   * Whether the addresses not known yet are probed in the background when a host is first resolved
   * and when DNS adds addresses, so that no user connect pays for them. Needs probe other than OFF.
   */
  private String learning = "true";

  /**
   * Whether the jdbc:detour: driver opens a second connection to another address when a handshake
   * (TLS, startup, auth) is not ready within the hedge delay.
   */
  private String handshakeHedge = "true";

  /** Creates the holder with every default. */
  public DetourRouterProperties() {}

  /**
   * Returns the raw value of {@code detour.router.connectBudget}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getConnectBudget() {
    return connectBudget;
  }

  /**
   * Sets the raw value of {@code detour.router.connectBudget}.
   *
   * @param connectBudget the value as written
   */
  public void setConnectBudget(String connectBudget) {
    this.connectBudget = connectBudget;
  }

  /**
   * Returns the raw value of {@code detour.router.attemptDelay}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getAttemptDelay() {
    return attemptDelay;
  }

  /**
   * Sets the raw value of {@code detour.router.attemptDelay}.
   *
   * @param attemptDelay the value as written
   */
  public void setAttemptDelay(String attemptDelay) {
    this.attemptDelay = attemptDelay;
  }

  /**
   * Returns the raw value of {@code detour.router.minAttemptDelay}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getMinAttemptDelay() {
    return minAttemptDelay;
  }

  /**
   * Sets the raw value of {@code detour.router.minAttemptDelay}.
   *
   * @param minAttemptDelay the value as written
   */
  public void setMinAttemptDelay(String minAttemptDelay) {
    this.minAttemptDelay = minAttemptDelay;
  }

  /**
   * Returns the raw value of {@code detour.router.maxAttemptDelay}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getMaxAttemptDelay() {
    return maxAttemptDelay;
  }

  /**
   * Sets the raw value of {@code detour.router.maxAttemptDelay}.
   *
   * @param maxAttemptDelay the value as written
   */
  public void setMaxAttemptDelay(String maxAttemptDelay) {
    this.maxAttemptDelay = maxAttemptDelay;
  }

  /**
   * Returns the raw value of {@code detour.router.maxConcurrentAttempts}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getMaxConcurrentAttempts() {
    return maxConcurrentAttempts;
  }

  /**
   * Sets the raw value of {@code detour.router.maxConcurrentAttempts}.
   *
   * @param maxConcurrentAttempts the value as written
   */
  public void setMaxConcurrentAttempts(String maxConcurrentAttempts) {
    this.maxConcurrentAttempts = maxConcurrentAttempts;
  }

  /**
   * Returns the raw value of {@code detour.router.minAttemptTimeout}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getMinAttemptTimeout() {
    return minAttemptTimeout;
  }

  /**
   * Sets the raw value of {@code detour.router.minAttemptTimeout}.
   *
   * @param minAttemptTimeout the value as written
   */
  public void setMinAttemptTimeout(String minAttemptTimeout) {
    this.minAttemptTimeout = minAttemptTimeout;
  }

  /**
   * Returns the raw value of {@code detour.router.maxAttemptTimeout}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getMaxAttemptTimeout() {
    return maxAttemptTimeout;
  }

  /**
   * Sets the raw value of {@code detour.router.maxAttemptTimeout}.
   *
   * @param maxAttemptTimeout the value as written
   */
  public void setMaxAttemptTimeout(String maxAttemptTimeout) {
    this.maxAttemptTimeout = maxAttemptTimeout;
  }

  /**
   * Returns the raw value of {@code detour.router.openDelay}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getOpenDelay() {
    return openDelay;
  }

  /**
   * Sets the raw value of {@code detour.router.openDelay}.
   *
   * @param openDelay the value as written
   */
  public void setOpenDelay(String openDelay) {
    this.openDelay = openDelay;
  }

  /**
   * Returns the raw value of {@code detour.router.maxOpenDelay}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getMaxOpenDelay() {
    return maxOpenDelay;
  }

  /**
   * Sets the raw value of {@code detour.router.maxOpenDelay}.
   *
   * @param maxOpenDelay the value as written
   */
  public void setMaxOpenDelay(String maxOpenDelay) {
    this.maxOpenDelay = maxOpenDelay;
  }

  /**
   * Returns the raw value of {@code detour.router.openJitter}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getOpenJitter() {
    return openJitter;
  }

  /**
   * Sets the raw value of {@code detour.router.openJitter}.
   *
   * @param openJitter the value as written
   */
  public void setOpenJitter(String openJitter) {
    this.openJitter = openJitter;
  }

  /**
   * Returns the raw value of {@code detour.router.failuresToOpen}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getFailuresToOpen() {
    return failuresToOpen;
  }

  /**
   * Sets the raw value of {@code detour.router.failuresToOpen}.
   *
   * @param failuresToOpen the value as written
   */
  public void setFailuresToOpen(String failuresToOpen) {
    this.failuresToOpen = failuresToOpen;
  }

  /**
   * Returns the raw value of {@code detour.router.panicThreshold}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getPanicThreshold() {
    return panicThreshold;
  }

  /**
   * Sets the raw value of {@code detour.router.panicThreshold}.
   *
   * @param panicThreshold the value as written
   */
  public void setPanicThreshold(String panicThreshold) {
    this.panicThreshold = panicThreshold;
  }

  /**
   * Returns the raw value of {@code detour.router.probe}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getProbe() {
    return probe;
  }

  /**
   * Sets the raw value of {@code detour.router.probe}.
   *
   * @param probe the value as written
   */
  public void setProbe(String probe) {
    this.probe = probe;
  }

  /**
   * Returns the raw value of {@code detour.router.probeTimeout}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getProbeTimeout() {
    return probeTimeout;
  }

  /**
   * Sets the raw value of {@code detour.router.probeTimeout}.
   *
   * @param probeTimeout the value as written
   */
  public void setProbeTimeout(String probeTimeout) {
    this.probeTimeout = probeTimeout;
  }

  /**
   * Returns the raw value of {@code detour.router.keepAliveIdle}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getKeepAliveIdle() {
    return keepAliveIdle;
  }

  /**
   * Sets the raw value of {@code detour.router.keepAliveIdle}.
   *
   * @param keepAliveIdle the value as written
   */
  public void setKeepAliveIdle(String keepAliveIdle) {
    this.keepAliveIdle = keepAliveIdle;
  }

  /**
   * Returns the raw value of {@code detour.router.keepAliveInterval}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getKeepAliveInterval() {
    return keepAliveInterval;
  }

  /**
   * Sets the raw value of {@code detour.router.keepAliveInterval}.
   *
   * @param keepAliveInterval the value as written
   */
  public void setKeepAliveInterval(String keepAliveInterval) {
    this.keepAliveInterval = keepAliveInterval;
  }

  /**
   * Returns the raw value of {@code detour.router.keepAliveCount}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getKeepAliveCount() {
    return keepAliveCount;
  }

  /**
   * Sets the raw value of {@code detour.router.keepAliveCount}.
   *
   * @param keepAliveCount the value as written
   */
  public void setKeepAliveCount(String keepAliveCount) {
    this.keepAliveCount = keepAliveCount;
  }

  /**
   * Returns the raw value of {@code detour.router.tcpNoDelay}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getTcpNoDelay() {
    return tcpNoDelay;
  }

  /**
   * Sets the raw value of {@code detour.router.tcpNoDelay}.
   *
   * @param tcpNoDelay the value as written
   */
  public void setTcpNoDelay(String tcpNoDelay) {
    this.tcpNoDelay = tcpNoDelay;
  }

  /**
   * Returns the raw value of {@code detour.router.learning}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getLearning() {
    return learning;
  }

  /**
   * Sets the raw value of {@code detour.router.learning}.
   *
   * @param learning the value as written
   */
  public void setLearning(String learning) {
    this.learning = learning;
  }

  /**
   * Returns the raw value of {@code detour.router.handshakeHedge}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getHandshakeHedge() {
    return handshakeHedge;
  }

  /**
   * Sets the raw value of {@code detour.router.handshakeHedge}.
   *
   * @param handshakeHedge the value as written
   */
  public void setHandshakeHedge(String handshakeHedge) {
    this.handshakeHedge = handshakeHedge;
  }
}
