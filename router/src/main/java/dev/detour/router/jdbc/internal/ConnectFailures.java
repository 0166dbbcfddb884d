package dev.detour.router.jdbc.internal;

import dev.detour.core.Durations;
import dev.detour.core.Secrets;
import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.RoutedSocket;
import dev.detour.router.internal.Interrupts;
import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what a failed connect means: whether the address is to blame, and which {@link
 * SQLException} the caller sees. Stateless.
 */
public final class ConnectFailures {

  /** SQLState for "could not connect" (SQL standard: SQL-client unable to establish connection). */
  public static final String UNABLE_TO_CONNECT = "08001";

  /** SQLState for an invalid URL, property or {@code detour.*} setting (PostgreSQL's code). */
  public static final String INVALID_PARAMETER = "22023";

  private ConnectFailures() {}

  /**
   * Returns {@code true} if the failure says the address misbehaved: an I/O failure (reset, closed,
   * end of stream, read timeout) anywhere in the cause chain, or the budget ran out. An error the
   * server answered with (wrong password, unknown database) or a certificate that does not verify
   * is not the address's fault, and neither is an interrupted caller (see {@link
   * Interrupts#byCaller}), even past the budget.
   */
  public static boolean blamesAddress(Throwable failure, boolean budgetExpired) {
    if (Interrupts.byCaller(failure)) {
      return false;
    }
    if (budgetExpired) {
      return true;
    }
    for (Throwable t : chain(failure)) {
      if (t instanceof SocketException
          || t instanceof EOFException
          || t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the exception to throw for {@code failure}.
   *
   * <ol>
   *   <li>Every address known bad: the router's message, SQLState 08001.
   *   <li>The host name does not resolve: the resolver's message, SQLState 08001.
   *   <li>The budget ran out during a connection-level failure: a message naming the host, the
   *       budget and how far the connection got, SQLState 08001.
   *   <li>Anything else (such as a wrong password, 28P01): pgjdbc's exception, unchanged.
   * </ol>
   */
  public static SQLException translate(
      SQLException failure,
      String host,
      int port,
      Duration budget,
      boolean budgetExpired,
      Optional<RoutedSocket> routed) {
    List<Throwable> causes = chain(failure);
    for (Throwable t : causes) {
      if (t instanceof NoHealthyAddressException) {
        return new SQLException(t.getMessage(), UNABLE_TO_CONNECT, t);
      }
    }
    for (Throwable t : causes) {
      if (t instanceof UnknownHostException) {
        String message = t.getMessage() == null ? host : t.getMessage();
        if (!message.contains(host)) {
          message = host + ": " + message;
        }
        return new SQLException(message + " (the host name did not resolve)", UNABLE_TO_CONNECT, t);
      }
    }
    String state = failure.getSQLState();
    if (budgetExpired && (state == null || state.startsWith("08"))) {
      StringBuilder sb =
          new StringBuilder(host)
              .append(':')
              .append(port)
              .append(": connection not ready within the ")
              .append(Durations.format(budget))
              .append(" budget (");
      if (routed.isPresent()) {
        RoutedSocket socket = routed.get();
        sb.append("TCP to ")
            .append(socket.address().getAddress().getHostAddress())
            .append(':')
            .append(socket.address().getPort())
            .append(" took ")
            .append(Durations.formatNanos(socket.elapsedNanos()))
            .append("; TLS, startup or authentication did not finish");
      } else {
        sb.append("no TCP connection");
      }
      sb.append("; raise detour.router.connectBudget if the server is just slow)");
      return new SQLException(sb.toString(), UNABLE_TO_CONNECT, failure);
    }
    return failure;
  }

  /**
   * Returns the exception to throw for an unchecked exception that escaped the connect (pgjdbc does
   * not catch them): {@code 22023} for an {@link IllegalArgumentException}, {@code 08001}
   * otherwise, the message naming {@code host:port}.
   *
   * <p>Any of {@code secrets} found in the message is masked, and so is a URL's password; if either
   * appears anywhere in the cause chain, the cause is left off, since its stack trace would print
   * it.
   */
  public static SQLException unchecked(
      RuntimeException failure, String host, int port, Collection<String> secrets) {
    boolean invalid = failure instanceof IllegalArgumentException;
    String detail = String.valueOf(failure.getMessage());
    if (!invalid) {
      detail = "connect failed with " + failure.getClass().getName() + ": " + detail;
    }
    String masked = mask(Secrets.redactUrl(detail), secrets);
    boolean leaks = false;
    for (Throwable t : chain(failure)) {
      String m = t.getMessage();
      if (m != null && !mask(Secrets.redactUrl(m), secrets).equals(m)) {
        leaks = true;
      }
    }
    return new SQLException(
        host + ":" + port + ": " + masked,
        invalid ? INVALID_PARAMETER : UNABLE_TO_CONNECT,
        leaks ? null : failure);
  }

  private static String mask(String text, Collection<String> secrets) {
    String out = text;
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        out = out.replace(secret, Secrets.MASK);
      }
    }
    return out;
  }

  /** Returns the cause chain of {@code failure}, outermost first, each exception once. */
  private static List<Throwable> chain(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> out = new ArrayList<>();
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      out.add(t);
    }
    return out;
  }
}
