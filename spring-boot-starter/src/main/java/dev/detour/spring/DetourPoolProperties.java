package dev.detour.spring;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code detour.pool.*} settings, as written in {@code application.properties} or {@code
 * application.yml}.
 *
 * <p>Values other than {@code enabled} are kept as written and checked by the pool itself at
 * start-up. Hikari's own knobs come from {@code spring.datasource.hikari.*}. Not thread-safe:
 * Spring binds it once at start-up.
 */
public class DetourPoolProperties {

  /**
   * Whether the application's DataSource is a DetourDataSource. Default: true when
   * spring.datasource.url starts with jdbc:detour:, false otherwise.
   */
  private Boolean enabled;

  /** Pool size: connections kept at most. From 1 to 10000 (Hikari's default is 10 too). */
  private String maximumPoolSize = "10";

  /**
   * How long a borrow waits for a connection before the 'pool exhausted' error. From 250ms to 1h
   * (Hikari's default is 30s); while every address is failing, a borrow fails at once instead.
   */
  private String acquireTimeout = "5s";

  /**
   * How long a connection check may take. From 250ms to 1h, below acquire-timeout (Hikari's default
   * is 5s).
   */
  private String validationTimeout = "2s";

  /**
   * pgjdbc's read timeout on pooled connections, whole seconds; 0 turns it off. The only thing that
   * ends a read on a connection whose proxy accepted and went silent: raise it for long queries.
   */
  private String socketTimeout = "30s";

  /**
   * How long a borrow on an address whose breaker opened for a timeout or stall may last before the
   * pool aborts it (its query fails at once, naming the address, and its slot frees for a healthy
   * address); at half of it the pool asks the router to check the borrow's address. 0 turns both
   * off. From 100ms to 1d. Default: the validation timeout (2s). A long healthy query on an address
   * whose breaker opened is cut; one on an address that answers the check is not.
   */
  private String stalledBorrowAbort;

  /** The pool's name in thread names, logs and metrics. Default: detour-<host>. */
  private String poolName;

  /**
   * Hikari's own knobs by Hikari property name, passed as detour.pool.hikari.NAME; prefer
   * spring.datasource.hikari.*, which the starter maps onto the same knobs.
   */
  private final Map<String, String> hikari = new LinkedHashMap<>();

  /** Creates the holder with every default. */
  public DetourPoolProperties() {}

  /**
   * Returns {@code detour.pool.enabled}.
   *
   * @return the value, or null when unset (then the URL prefix decides)
   */
  public Boolean getEnabled() {
    return enabled;
  }

  /**
   * Sets {@code detour.pool.enabled}.
   *
   * @param enabled whether the DataSource is a DetourDataSource
   */
  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns the raw value of {@code detour.pool.maximumPoolSize}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getMaximumPoolSize() {
    return maximumPoolSize;
  }

  /**
   * Sets the raw value of {@code detour.pool.maximumPoolSize}.
   *
   * @param maximumPoolSize the value as written
   */
  public void setMaximumPoolSize(String maximumPoolSize) {
    this.maximumPoolSize = maximumPoolSize;
  }

  /**
   * Returns the raw value of {@code detour.pool.acquireTimeout}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getAcquireTimeout() {
    return acquireTimeout;
  }

  /**
   * Sets the raw value of {@code detour.pool.acquireTimeout}.
   *
   * @param acquireTimeout the value as written
   */
  public void setAcquireTimeout(String acquireTimeout) {
    this.acquireTimeout = acquireTimeout;
  }

  /**
   * Returns the raw value of {@code detour.pool.validationTimeout}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getValidationTimeout() {
    return validationTimeout;
  }

  /**
   * Sets the raw value of {@code detour.pool.validationTimeout}.
   *
   * @param validationTimeout the value as written
   */
  public void setValidationTimeout(String validationTimeout) {
    this.validationTimeout = validationTimeout;
  }

  /**
   * Returns the raw value of {@code detour.pool.socketTimeout}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getSocketTimeout() {
    return socketTimeout;
  }

  /**
   * Sets the raw value of {@code detour.pool.socketTimeout}.
   *
   * @param socketTimeout the value as written
   */
  public void setSocketTimeout(String socketTimeout) {
    this.socketTimeout = socketTimeout;
  }

  /**
   * Returns the raw value of {@code detour.pool.stalledBorrowAbort}.
   *
   * @return the value as written, or null when unset (then the validation timeout)
   */
  public String getStalledBorrowAbort() {
    return stalledBorrowAbort;
  }

  /**
   * Sets the raw value of {@code detour.pool.stalledBorrowAbort}.
   *
   * @param stalledBorrowAbort the value as written
   */
  public void setStalledBorrowAbort(String stalledBorrowAbort) {
    this.stalledBorrowAbort = stalledBorrowAbort;
  }

  /**
   * Returns the raw value of {@code detour.pool.poolName}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getPoolName() {
    return poolName;
  }

  /**
   * Sets the raw value of {@code detour.pool.poolName}.
   *
   * @param poolName the value as written
   */
  public void setPoolName(String poolName) {
    this.poolName = poolName;
  }

  /**
   * Returns the {@code detour.pool.hikari.*} knobs.
   *
   * @return Hikari property name to value, as written
   */
  public Map<String, String> getHikari() {
    return hikari;
  }
}
