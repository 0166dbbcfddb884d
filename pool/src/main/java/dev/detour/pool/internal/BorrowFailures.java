package dev.detour.pool.internal;

import java.io.IOException;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;

/**
 * The one place where a borrowed connection's failures are translated: every JDBC call on a {@link
 * DetourConnection} and on its statements goes through {@link #call} or {@link #run}.
 *
 * <p>An I/O failure (an {@link IOException} among the causes, such as the pooled socket timeout, or
 * SQLState 08006 or 08007) is reported to the {@link FailureSink} (which reports the address to the
 * router and dooms the connection), and the caller gets an exception that names the host and the
 * address, with pgjdbc's as its cause. Any other exception passes unchanged. Thread-safe.
 */
public final class BorrowFailures {

  /** Told of an I/O failure on a borrowed connection. */
  public interface FailureSink {
    /** The connection {@code pc} failed with {@code ioCause} under {@code failure}. */
    void failed(PhysicalConnection pc, Throwable ioCause, SQLException failure);
  }

  /** A JDBC call that returns a value. */
  interface SqlCall<T> {
    T call() throws SQLException;
  }

  /** A JDBC call that returns nothing. */
  interface SqlRun {
    void run() throws SQLException;
  }

  private final PhysicalConnection pc;
  private final FailureSink sink;
  private final String hostPort;

  BorrowFailures(PhysicalConnection pc, FailureSink sink, String hostPort) {
    this.pc = pc;
    this.sink = sink;
    this.hostPort = hostPort;
  }

  /** Returns the pool's host and port, for messages. */
  String hostPort() {
    return hostPort;
  }

  /** Returns what {@code call} returns; throws its exception, translated. */
  <T> T call(SqlCall<T> call) throws SQLException {
    try {
      return call.call();
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /** Runs {@code run}; throws its exception, translated. */
  void run(SqlRun run) throws SQLException {
    try {
      run.run();
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /** Runs {@code run}, which may only throw a {@link SQLClientInfoException}; translates it. */
  void runClientInfo(SqlRun run) throws SQLClientInfoException {
    try {
      run.run();
    } catch (SQLClientInfoException e) {
      SQLException t = translate(e);
      if (t == e) {
        throw e;
      }
      SQLClientInfoException named =
          new SQLClientInfoException(
              t.getMessage(), t.getSQLState(), t.getErrorCode(), e.getFailedProperties(), e);
      throw named;
    } catch (SQLException e) {
      throw new IllegalStateException("setClientInfo threw " + e, e); // not by its contract
    }
  }

  /**
   * Returns {@code e} as the caller gets it: if it is an I/O failure, reports it to the sink and
   * returns an exception naming the host and the address; otherwise returns {@code e} itself.
   */
  SQLException translate(SQLException e) {
    Throwable io = ioCause(e);
    if (io == null) {
      return e;
    }
    SQLException named = named(e, io);
    sink.failed(pc, io, named);
    return named;
  }

  /** Returns the I/O failure under {@code e}, or null if {@code e} is not one. */
  static Throwable ioCause(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    // 08006 (connection failure) and 08007 (transaction resolution unknown) come from the network;
    // 08003 ("connection is closed") is raised for a connection that was already evicted, and
    // must not charge the address a second time
    String state = e.getSQLState();
    if ("08006".equals(state) || "08007".equals(state)) {
      return new IOException(e.getMessage());
    }
    return null;
  }

  private SQLException named(SQLException e, Throwable io) {
    String message =
        hostPort
            + ": pooled connection to "
            + pc.address().getAddress().getHostAddress()
            + ":"
            + pc.address().getPort()
            + " failed: "
            + e.getMessage()
            + (io == e.getCause() || io.getMessage() == null ? " (" + io + ")" : "")
            + (pc.aborted() == null ? "" : "; " + pc.aborted())
            + "; the connection is evicted and the address reported to the router";
    return new SQLException(message, e.getSQLState(), e.getErrorCode(), e);
  }
}
