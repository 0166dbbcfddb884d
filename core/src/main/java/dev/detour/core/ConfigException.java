package dev.detour.core;

/**
 * A {@code detour.*} setting was unknown or had a value out of range. The message names the key,
 * the value and what was expected, for example {@code detour.router.connectBudget: '10x' (expected
 * a duration such as 250ms, 10s, 2m or PT10S)}.
 */
public class ConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The offending key. */
  private final String key;

  /**
   * @param key the offending key, such as {@code detour.router.connectBudget}
   * @param message the whole message, which already names the key
   */
  public ConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  /**
   * @param key the offending key
   * @param message the whole message
   * @param cause the parse failure underneath
   */
  public ConfigException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /**
   * Returns the key that was wrong.
   *
   * @return the key that was wrong
   */
  public String key() {
    return key;
  }
}
