package dev.detour.resolver;

import java.net.UnknownHostException;
import java.util.Map;

/**
 * No address could be found for a host. The message says which record types were tried and what
 * each returned, for example {@code ep-x.neon.test: no address (A: NXDOMAIN, AAAA: NXDOMAIN)}.
 */
public class UnresolvableHostException extends UnknownHostException {

  private static final long serialVersionUID = 1L;

  /** The host name. */
  private final String host;

  /** What each record type returned. */
  private final Map<String, String> outcomes;

  /**
   * @param host the host name
   * @param outcomes record type (such as {@code "A"}) to what it returned (such as {@code
   *     "NXDOMAIN"}, {@code "SERVFAIL"}, {@code "timeout after 1.5s"}, {@code "no records"})
   */
  public UnresolvableHostException(String host, Map<String, String> outcomes) {
    super(host + ": no address (" + format(outcomes) + ")");
    this.host = host;
    this.outcomes = Map.copyOf(outcomes);
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
   * Returns what each record type returned.
   *
   * @return what each record type returned
   */
  public Map<String, String> outcomes() {
    return outcomes;
  }

  private static String format(Map<String, String> outcomes) {
    StringBuilder sb = new StringBuilder();
    outcomes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              if (sb.length() > 0) {
                sb.append(", ");
              }
              sb.append(e.getKey()).append(": ").append(e.getValue());
            });
    return sb.toString();
  }
}
