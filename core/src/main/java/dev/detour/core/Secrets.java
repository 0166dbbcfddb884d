package dev.detour.core;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Removes secrets from text that may reach a log, an exception or {@code toString()}.
 *
 * <p>Detour never prints a password. Every message that echoes a JDBC URL or a set of connection
 * properties passes it through this class first.
 */
public final class Secrets {

  /** What replaces a secret. */
  public static final String MASK = "***";

  // pgjdbc splits parameters on '&' only, so a value runs to the next '&' (';' is part of it).
  // The same names as isSecretKey: any parameter whose name holds password, secret or token
  // (detour.pool.password, sslpassword, ...), and sslkey.
  private static final Pattern URL_PARAM =
      Pattern.compile("(?i)([?&;](?:[^=&?#;]*(?:password|secret|token)[^=&?#;]*|sslkey)=)[^&]*");

  // The password runs from "//user:" to the LAST '@' before the query or fragment: a password
  // may hold an unescaped '@', '/' or ':', and masking too much is safer than too little.
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?#\\s]*:)[^?#]*@");

  private Secrets() {}

  /**
   * Returns {@code url} with {@code password=...} parameters and {@code user:password@} user info
   * replaced by {@link #MASK}.
   *
   * <p>A parameter value is masked up to the next {@code &} (as pgjdbc splits them). User info is
   * masked from after {@code //user:} to the last {@code @} before the first {@code ?} or {@code
   * #}, so a password holding {@code @}, {@code /} or {@code :} is masked whole.
   *
   * @param url a JDBC URL, or any text that may hold one
   * @return {@code url} with {@code password=...} parameters and {@code user:password@} user info
   *     replaced by {@link #MASK}
   */
  public static String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    String masked = URL_PARAM.matcher(url).replaceAll("$1" + MASK);
    return USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
  }

  /**
   * Returns {@code true} if a property with this name holds a secret.
   *
   * @param key a property name
   * @return {@code true} if a property with this name holds a secret
   */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.equals("sslkey")
        || k.contains("token");
  }

  /**
   * Returns a sorted, printable copy of {@code props} with secret values masked.
   *
   * @param props the properties to print
   * @return a sorted, printable copy of {@code props} with secret values masked
   */
  public static Map<String, String> redact(Properties props) {
    Map<String, String> out = new TreeMap<>();
    for (String name : props.stringPropertyNames()) {
      out.put(name, isSecretKey(name) ? MASK : props.getProperty(name));
    }
    return out;
  }
}
