package dev.detour.spring;

/**
 * The {@code detour.listener.*} settings, as written in {@code application.properties} or {@code
 * application.yml}.
 *
 * <p>Values other than {@code enabled} are kept as written and checked by the listener itself at
 * start-up. Not thread-safe: Spring binds it once at start-up.
 */
public class DetourListenerProperties {

  /** Whether a DetourListener bean is created, on spring.datasource.url and its credentials. */
  private boolean enabled = false;

  /**
   * Whether the listener sends a heartbeat query (SELECT 1). It also keeps a Neon compute awake.
   */
  private String heartbeat = "true";

  /**
   * Time between heartbeats. From 100ms to 1h. A silent stall is detected within this plus
   * heartbeat-timeout.
   */
  private String heartbeatInterval = "10s";

  /** How long a heartbeat may take before the connection counts as lost. From 100ms to 5m. */
  private String heartbeatTimeout = "5s";

  /** Longest wait for notifications between two checks for new subscriptions. From 10ms to 10s. */
  private String pollInterval = "100ms";

  /** Notifications queued for the handlers at most. From 1 to 1000000. */
  private String queueCapacity = "1000";

  /**
   * What a full queue does: COALESCE_AND_RESYNC (drop the channel's queue, send one OVERFLOW
   * resync), DROP_NEWEST or FAIL.
   */
  private String overflowPolicy = "COALESCE_AND_RESYNC";

  /** Threads that run handlers (order is kept per channel). From 1 to 64. */
  private String dispatchThreads = "4";

  /** First wait before a reconnect. From 1ms to 1m. */
  private String reconnectInitialDelay = "250ms";

  /** Longest wait between reconnects. From reconnect-initial-delay to 1h. */
  private String reconnectMaxDelay = "30s";

  /** Growth of the wait between reconnects. From 1 to 10. */
  private String reconnectMultiplier = "2.0";

  /** Relative jitter of the wait between reconnects. From 0 to 0.99. */
  private String reconnectJitter = "0.5";

  /** Healthy time after which the reconnect wait starts over. From 0 to 1h. */
  private String reconnectResetAfter = "60s";

  /** How long start() may take to connect, LISTEN and pass the self-check. From 1s to 10m. */
  private String startTimeout = "30s";

  /**
   * Whether start() checks that a pg_notify on a private channel comes back (it catches transaction
   * poolers).
   */
  private String selfCheck = "true";

  /** Creates the holder with every default. */
  public DetourListenerProperties() {}

  /**
   * Returns {@code detour.listener.enabled}.
   *
   * @return whether the listener bean is created
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets {@code detour.listener.enabled}.
   *
   * @param enabled whether the listener bean is created
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns the raw value of {@code detour.listener.heartbeat}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getHeartbeat() {
    return heartbeat;
  }

  /**
   * Sets the raw value of {@code detour.listener.heartbeat}.
   *
   * @param heartbeat the value as written
   */
  public void setHeartbeat(String heartbeat) {
    this.heartbeat = heartbeat;
  }

  /**
   * Returns the raw value of {@code detour.listener.heartbeatInterval}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getHeartbeatInterval() {
    return heartbeatInterval;
  }

  /**
   * Sets the raw value of {@code detour.listener.heartbeatInterval}.
   *
   * @param heartbeatInterval the value as written
   */
  public void setHeartbeatInterval(String heartbeatInterval) {
    this.heartbeatInterval = heartbeatInterval;
  }

  /**
   * Returns the raw value of {@code detour.listener.heartbeatTimeout}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getHeartbeatTimeout() {
    return heartbeatTimeout;
  }

  /**
   * Sets the raw value of {@code detour.listener.heartbeatTimeout}.
   *
   * @param heartbeatTimeout the value as written
   */
  public void setHeartbeatTimeout(String heartbeatTimeout) {
    this.heartbeatTimeout = heartbeatTimeout;
  }

  /**
   * Returns the raw value of {@code detour.listener.pollInterval}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getPollInterval() {
    return pollInterval;
  }

  /**
   * Sets the raw value of {@code detour.listener.pollInterval}.
   *
   * @param pollInterval the value as written
   */
  public void setPollInterval(String pollInterval) {
    this.pollInterval = pollInterval;
  }

  /**
   * Returns the raw value of {@code detour.listener.queueCapacity}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getQueueCapacity() {
    return queueCapacity;
  }

  /**
   * Sets the raw value of {@code detour.listener.queueCapacity}.
   *
   * @param queueCapacity the value as written
   */
  public void setQueueCapacity(String queueCapacity) {
    this.queueCapacity = queueCapacity;
  }

  /**
   * Returns the raw value of {@code detour.listener.overflowPolicy}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getOverflowPolicy() {
    return overflowPolicy;
  }

  /**
   * Sets the raw value of {@code detour.listener.overflowPolicy}.
   *
   * @param overflowPolicy the value as written
   */
  public void setOverflowPolicy(String overflowPolicy) {
    this.overflowPolicy = overflowPolicy;
  }

  /**
   * Returns the raw value of {@code detour.listener.dispatchThreads}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getDispatchThreads() {
    return dispatchThreads;
  }

  /**
   * Sets the raw value of {@code detour.listener.dispatchThreads}.
   *
   * @param dispatchThreads the value as written
   */
  public void setDispatchThreads(String dispatchThreads) {
    this.dispatchThreads = dispatchThreads;
  }

  /**
   * Returns the raw value of {@code detour.listener.reconnectInitialDelay}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getReconnectInitialDelay() {
    return reconnectInitialDelay;
  }

  /**
   * Sets the raw value of {@code detour.listener.reconnectInitialDelay}.
   *
   * @param reconnectInitialDelay the value as written
   */
  public void setReconnectInitialDelay(String reconnectInitialDelay) {
    this.reconnectInitialDelay = reconnectInitialDelay;
  }

  /**
   * Returns the raw value of {@code detour.listener.reconnectMaxDelay}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getReconnectMaxDelay() {
    return reconnectMaxDelay;
  }

  /**
   * Sets the raw value of {@code detour.listener.reconnectMaxDelay}.
   *
   * @param reconnectMaxDelay the value as written
   */
  public void setReconnectMaxDelay(String reconnectMaxDelay) {
    this.reconnectMaxDelay = reconnectMaxDelay;
  }

  /**
   * Returns the raw value of {@code detour.listener.reconnectMultiplier}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getReconnectMultiplier() {
    return reconnectMultiplier;
  }

  /**
   * Sets the raw value of {@code detour.listener.reconnectMultiplier}.
   *
   * @param reconnectMultiplier the value as written
   */
  public void setReconnectMultiplier(String reconnectMultiplier) {
    this.reconnectMultiplier = reconnectMultiplier;
  }

  /**
   * Returns the raw value of {@code detour.listener.reconnectJitter}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getReconnectJitter() {
    return reconnectJitter;
  }

  /**
   * Sets the raw value of {@code detour.listener.reconnectJitter}.
   *
   * @param reconnectJitter the value as written
   */
  public void setReconnectJitter(String reconnectJitter) {
    this.reconnectJitter = reconnectJitter;
  }

  /**
   * Returns the raw value of {@code detour.listener.reconnectResetAfter}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getReconnectResetAfter() {
    return reconnectResetAfter;
  }

  /**
   * Sets the raw value of {@code detour.listener.reconnectResetAfter}.
   *
   * @param reconnectResetAfter the value as written
   */
  public void setReconnectResetAfter(String reconnectResetAfter) {
    this.reconnectResetAfter = reconnectResetAfter;
  }

  /**
   * Returns the raw value of {@code detour.listener.startTimeout}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getStartTimeout() {
    return startTimeout;
  }

  /**
   * Sets the raw value of {@code detour.listener.startTimeout}.
   *
   * @param startTimeout the value as written
   */
  public void setStartTimeout(String startTimeout) {
    this.startTimeout = startTimeout;
  }

  /**
   * Returns the raw value of {@code detour.listener.selfCheck}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getSelfCheck() {
    return selfCheck;
  }

  /**
   * Sets the raw value of {@code detour.listener.selfCheck}.
   *
   * @param selfCheck the value as written
   */
  public void setSelfCheck(String selfCheck) {
    this.selfCheck = selfCheck;
  }
}
