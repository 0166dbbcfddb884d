package dev.detour.pool.internal;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a caller of the pool holds: Hikari's proxy connection, and the statements made from it,
 * behind a thin dynamic proxy that knows the physical connection's address.
 *
 * <ul>
 *   <li>{@code close()} returns the connection to Hikari, then tells the {@link ConnectionTracker}
 *       (which evicts it if it was doomed while borrowed).
 *   <li>An I/O failure (an {@link IOException} among the causes, such as the pooled socket timeout,
 *       or SQLState 08006 or 08007) is reported to the router for the address, the connection is
 *       doomed, and the caller gets an exception that names the host and the address, with pgjdbc's
 *       as its cause.
 * </ul>
 *
 * <p>Hikari itself evicts a connection that raised an 08 SQLState. Thread-safe as the JDBC objects
 * underneath.
 */
public final class BorrowedConnection implements InvocationHandler {

  /** Told of an I/O failure on a borrowed connection. */
  public interface FailureSink {
    /** The connection {@code pc} failed with {@code ioCause} under {@code failure}. */
    void failed(PhysicalConnection pc, Throwable ioCause, SQLException failure);
  }

  private final Connection hikari;
  private final PhysicalConnection pc;
  private final ConnectionTracker tracker;
  private final FailureSink sink;
  private final String hostPort;
  private volatile boolean closed;
  private Connection self;

  private BorrowedConnection(
      Connection hikari,
      PhysicalConnection pc,
      ConnectionTracker tracker,
      FailureSink sink,
      String hostPort) {
    this.hikari = hikari;
    this.pc = pc;
    this.tracker = tracker;
    this.sink = sink;
    this.hostPort = hostPort;
  }

  /** Wraps {@code hikari}, borrowed as {@code pc}. */
  public static Connection wrap(
      Connection hikari,
      PhysicalConnection pc,
      ConnectionTracker tracker,
      FailureSink sink,
      String hostPort) {
    BorrowedConnection handler = new BorrowedConnection(hikari, pc, tracker, sink, hostPort);
    Connection proxy =
        (Connection)
            Proxy.newProxyInstance(
                BorrowedConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                handler);
    handler.self = proxy;
    return proxy;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "close":
        if (args == null) {
          close();
          return null;
        }
        break;
      case "isClosed":
        if (args == null) {
          return closed || hikari.isClosed();
        }
        break;
      case "equals":
        return args != null && args.length == 1 && proxy == args[0];
      case "hashCode":
        if (args == null) {
          return System.identityHashCode(proxy);
        }
        break;
      case "toString":
        if (args == null) {
          return "DetourConnection{" + hostPort + " via " + pc.address() + ", " + hikari + "}";
        }
        break;
      case "unwrap":
        if (args != null && args[0] instanceof Class<?> c && c.isInstance(proxy)) {
          return proxy;
        }
        break;
      case "isWrapperFor":
        if (args != null && args[0] instanceof Class<?> c && c.isInstance(proxy)) {
          return true;
        }
        break;
      default:
        break;
    }
    Object result = call(hikari, method, args);
    if (result instanceof CallableStatement s) {
      return statement(CallableStatement.class, s);
    }
    if (result instanceof PreparedStatement s) {
      return statement(PreparedStatement.class, s);
    }
    if (result instanceof Statement s) {
      return statement(Statement.class, s);
    }
    return result;
  }

  private void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      hikari.close();
    } finally {
      tracker.returned(pc, hikari);
    }
  }

  private <T extends Statement> T statement(Class<T> type, T target) {
    InvocationHandler h =
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "getConnection":
              if (args == null) {
                return self;
              }
              break;
            case "equals":
              return args != null && args.length == 1 && proxy == args[0];
            case "hashCode":
              if (args == null) {
                return System.identityHashCode(proxy);
              }
              break;
            case "unwrap":
              if (args != null && args[0] instanceof Class<?> c && c.isInstance(proxy)) {
                return proxy;
              }
              break;
            default:
              break;
          }
          return call(target, method, args);
        };
    return type.cast(
        Proxy.newProxyInstance(
            BorrowedConnection.class.getClassLoader(), new Class<?>[] {type}, h));
  }

  private Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException sql) {
        Throwable io = ioCause(sql);
        if (io != null) {
          SQLException named = named(sql, io);
          sink.failed(pc, io, named);
          throw named;
        }
      }
      throw cause;
    }
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
    SQLException out = new SQLException(message, e.getSQLState(), e.getErrorCode(), e);
    return out;
  }
}
