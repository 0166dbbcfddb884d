package dev.detour.listener.internal;

import java.net.SocketTimeoutException;
import java.sql.SQLException;

/**
 * Classifies why a listener connection was lost or could not be opened: whether to retry, and
 * whether the address is to blame (so that the router's breaker learns it).
 */
public enum LossCause {
  /** Authentication failed (28P01, 28000) or the database does not exist (3D000): never retry. */
  FATAL("fatal", false),
  /** The server's administrator terminated the backend (57P01): retry, the address is fine. */
  ADMIN_SHUTDOWN("admin_shutdown", false),
  /** A read timed out: a silent stall. Retry elsewhere; the address is to blame. */
  TIMEOUT("timeout", true),
  /** An I/O failure (reset, EOF, refused). Retry; the address is to blame. */
  IO("io", true),
  /** Any other server error. Retry; the address is not blamed. */
  SERVER("server", false);

  private final String tag;
  private final boolean blamesAddress;

  LossCause(String tag, boolean blamesAddress) {
    this.tag = tag;
    this.blamesAddress = blamesAddress;
  }

  /** Returns the metric tag. */
  public String tag() {
    return tag;
  }

  /** Returns whether the router should be told the address failed. */
  public boolean blamesAddress() {
    return blamesAddress;
  }

  /** Classifies {@code failure}. */
  public static LossCause of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        String state = ((SQLException) t).getSQLState();
        if ("28P01".equals(state) || "28000".equals(state) || "3D000".equals(state)) {
          return FATAL;
        }
        if ("57P01".equals(state)) {
          return ADMIN_SHUTDOWN;
        }
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return TIMEOUT;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException) {
        return IO;
      }
      if (t instanceof SQLException) {
        String state = ((SQLException) t).getSQLState();
        if (state != null && state.startsWith("08")) {
          return IO;
        }
      }
    }
    return SERVER;
  }
}
