package dev.detour.router.jdbc.internal;

import dev.detour.core.Secrets;
import dev.detour.resolver.HostNames;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code jdbc:detour:postgresql://host[:port]/database?params} URL.
 *
 * <p>{@link #parse(String)} checks the parts Detour relies on (one host that the resolver accepts,
 * a valid port, no user info) and leaves everything else to pgjdbc. {@link #pgjdbcUrl(Set)} gives
 * the {@code jdbc:postgresql:} URL to delegate to, without the parameters the driver sets itself
 * (pgjdbc lets URL parameters win over properties, so those must leave the URL for the driver's
 * values to apply).
 *
 * @param host the host name or IP literal, without brackets
 * @param port the port (5432 if the URL gives none)
 * @param authority the host and port exactly as written in the URL
 * @param path the part after the authority and before {@code ?} (such as {@code /db}; may be empty)
 * @param rawParams the query parameters as written, in order ({@code key=value} or {@code key})
 * @param params the query parameters, values URL-decoded as pgjdbc does; a later key wins
 */
public record DetourUrl(
    String host,
    int port,
    String authority,
    String path,
    List<String> rawParams,
    Map<String, String> params) {

  /** The prefix of every URL this driver accepts. */
  public static final String PREFIX = "jdbc:detour:";

  /** The only sub-protocol after {@link #PREFIX}. */
  public static final String POSTGRESQL = "postgresql://";

  /** PostgreSQL's default port. */
  public static final int DEFAULT_PORT = 5432;

  private static final String FORM =
      "jdbc:detour:postgresql://host[:port]/database[?key=value&...]";

  /** Copies the collections. */
  public DetourUrl {
    rawParams = List.copyOf(rawParams);
    params = Map.copyOf(params);
  }

  /** Returns {@code true} if {@code url} starts with {@code jdbc:detour:} (case-sensitive). */
  public static boolean isDetourUrl(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  /**
   * Parses {@code url}.
   *
   * @throws IllegalArgumentException naming what is wrong; the message never contains a password
   */
  public static DetourUrl parse(String url) {
    if (url == null) {
      throw new IllegalArgumentException("url: null (expected " + FORM + ")");
    }
    if (!isDetourUrl(url)) {
      throw bad(url, "does not start with " + PREFIX, null);
    }
    String rest = url.substring(PREFIX.length());
    if (!rest.startsWith(POSTGRESQL)) {
      throw bad(url, "expected " + PREFIX + POSTGRESQL + " after the prefix", null);
    }
    rest = rest.substring(POSTGRESQL.length());
    int query = rest.indexOf('?');
    String server = query < 0 ? rest : rest.substring(0, query);
    String queryText = query < 0 ? "" : rest.substring(query + 1);
    // Any '@' before the query ends user info, even after a '/' (an unescaped password such as
    // p/ss); checked before the authority is cut at '/', and never echoed.
    if (server.indexOf('@') >= 0) {
      throw bad(
          url,
          "user info in the URL is not supported; pass user and password as properties"
              + " (or as ?user=...&password=... parameters)",
          null);
    }
    int slash = server.indexOf('/');
    String authority = slash < 0 ? server : server.substring(0, slash);
    String path = slash < 0 ? "" : server.substring(slash);

    if (authority.indexOf(',') >= 0) {
      throw bad(
          url,
          "several hosts ('"
              + authority
              + "') are not supported by jdbc:detour:;"
              + " the router already spreads connections over every address of one host name."
              + " Give one host name",
          null);
    }
    if (authority.isEmpty()) {
      throw bad(url, "the host is empty", null);
    }
    String host;
    String portText;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw bad(url, "host '" + authority + "': an IPv6 literal needs a closing ']'", null);
      }
      host = authority.substring(1, close);
      String after = authority.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw bad(url, "unexpected '" + after + "' after the IPv6 literal", null);
      }
      portText = after.isEmpty() ? null : after.substring(1);
      checkHost(url, host, true);
    } else {
      int colon = authority.indexOf(':');
      if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
        throw bad(
            url,
            "host '" + authority + "': write an IPv6 literal in brackets, as" + " [::1]:5432",
            null);
      }
      host = colon < 0 ? authority : authority.substring(0, colon);
      portText = colon < 0 ? null : authority.substring(colon + 1);
      if (host.isEmpty()) {
        throw bad(url, "the host is empty", null);
      }
      checkHost(url, host, false);
    }
    int port = portText == null ? DEFAULT_PORT : parsePort(url, portText);

    List<String> raw = new ArrayList<>();
    Map<String, String> params = new LinkedHashMap<>();
    for (String token : queryText.split("&")) {
      if (token.isEmpty()) {
        continue;
      }
      raw.add(token);
      int eq = token.indexOf('=');
      String key = eq < 0 ? token : token.substring(0, eq);
      String value = eq < 0 ? "" : token.substring(eq + 1);
      if (key.isEmpty()) {
        throw bad(url, "a parameter has no name", null);
      }
      try {
        params.put(key, URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw bad(url, "parameter " + key + ": the value is not valid URL encoding", e);
      }
    }
    return new DetourUrl(host, port, authority, path, raw, params);
  }

  /**
   * Returns the {@code jdbc:postgresql:} URL for pgjdbc, leaving out parameters whose name is in
   * {@code removed}.
   */
  public String pgjdbcUrl(Set<String> removed) {
    StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(authority).append(path);
    char sep = '?';
    for (String token : rawParams) {
      int eq = token.indexOf('=');
      String key = eq < 0 ? token : token.substring(0, eq);
      if (removed.contains(key)) {
        continue;
      }
      sb.append(sep).append(token);
      sep = '&';
    }
    return sb.toString();
  }

  private static int parsePort(String url, String text) {
    boolean digits = !text.isEmpty() && text.length() <= 5;
    for (int i = 0; digits && i < text.length(); i++) {
      digits = Character.isDigit(text.charAt(i));
    }
    int port = digits ? Integer.parseInt(text) : -1;
    if (port < 1 || port > 65535) {
      throw bad(url, "port: '" + text + "' (expected a number from 1 to 65535)", null);
    }
    return port;
  }

  /** Applies the resolver's own rules, so that a host it would reject fails here, offline. */
  private static void checkHost(String url, String host, boolean bracketed) {
    if (host.isEmpty()) {
      throw bad(url, "the host is empty", null);
    }
    if (bracketed && host.indexOf(':') < 0) {
      throw bad(url, "host: " + quote(host) + " (expected an IPv6 literal inside brackets)", null);
    }
    try {
      HostNames.requireValid(host);
    } catch (IllegalArgumentException e) {
      throw bad(url, e.getMessage(), null);
    }
  }

  private static String quote(String host) {
    return host.length() <= 80 ? "'" + host + "'" : "'" + host.substring(0, 80) + "...'";
  }

  private static IllegalArgumentException bad(String url, String problem, Throwable cause) {
    return new IllegalArgumentException(
        "invalid jdbc:detour: URL "
            + Secrets.redactUrl(url)
            + ": "
            + problem
            + " (expected "
            + FORM
            + ")",
        cause);
  }

  /** Returns the URL in its {@code jdbc:detour:} form with secrets masked. */
  @Override
  public String toString() {
    String query = rawParams.isEmpty() ? "" : "?" + String.join("&", rawParams);
    return Secrets.redactUrl(PREFIX + POSTGRESQL + authority + path + query);
  }
}
