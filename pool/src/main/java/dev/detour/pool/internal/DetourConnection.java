package dev.detour.pool.internal;

import java.io.IOException;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * What a caller of the pool holds: Hikari's proxy connection, behind a delegating wrapper that
 * knows the physical connection's address. Statements made from it are wrapped as well ({@link
 * DetourStatement}, {@link DetourPreparedStatement}, {@link DetourCallableStatement}); their {@code
 * getConnection()} returns this wrapper.
 *
 * <ul>
 *   <li>{@code close()} returns the connection to Hikari, then tells the {@link ConnectionTracker}
 *       (which evicts it if it was doomed while borrowed).
 *   <li>An I/O failure (an {@link IOException} among the causes, such as the pooled socket timeout,
 *       or SQLState 08006 or 08007) is reported to the router for the address, the connection is
 *       doomed, and the caller gets an exception that names the host and the address, with pgjdbc's
 *       as its cause ({@link BorrowFailures}).
 *   <li>After {@code close()}, calls reach Hikari's closed proxy, which refuses them ("Connection
 *       is closed").
 * </ul>
 *
 * <p>Hikari itself evicts a connection that raised an 08 SQLState. Thread-safe as the JDBC objects
 * underneath.
 */
public final class DetourConnection implements Connection {

  private final Connection hikari;
  private final PhysicalConnection pc;
  private final ConnectionTracker tracker;
  private final BorrowFailures failures;
  private volatile boolean closed;

  /**
   * Wraps {@code hikari}, borrowed as {@code pc}.
   *
   * @param hikari Hikari's proxy connection
   * @param pc the physical connection under it
   * @param tracker told of the return
   * @param failures translates the failures of {@code pc}
   */
  DetourConnection(
      Connection hikari,
      PhysicalConnection pc,
      ConnectionTracker tracker,
      BorrowFailures failures) {
    this.hikari = hikari;
    this.pc = pc;
    this.tracker = tracker;
    this.failures = failures;
  }

  @Override
  public String toString() {
    return "DetourConnection{" + failures.hostPort() + " via " + pc.address() + ", " + hikari + "}";
  }

  private Statement statement(Statement s) {
    return new DetourStatement<>(s, this, failures);
  }

  private PreparedStatement prepared(PreparedStatement s) {
    return new DetourPreparedStatement<>(s, this, failures);
  }

  private CallableStatement callable(CallableStatement s) {
    return new DetourCallableStatement(s, this, failures);
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    failures.run(() -> hikari.abort(executor));
  }

  @Override
  public void beginRequest() throws SQLException {
    failures.run(() -> hikari.beginRequest());
  }

  @Override
  public void clearWarnings() throws SQLException {
    failures.run(() -> hikari.clearWarnings());
  }

  /** Returns the connection to Hikari, then tells the tracker (which evicts it if doomed). */
  @Override
  public void close() throws SQLException {
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

  @Override
  public void commit() throws SQLException {
    failures.run(() -> hikari.commit());
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    return failures.call(() -> hikari.createArrayOf(typeName, elements));
  }

  @Override
  public Blob createBlob() throws SQLException {
    return failures.call(() -> hikari.createBlob());
  }

  @Override
  public Clob createClob() throws SQLException {
    return failures.call(() -> hikari.createClob());
  }

  @Override
  public NClob createNClob() throws SQLException {
    return failures.call(() -> hikari.createNClob());
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return failures.call(() -> hikari.createSQLXML());
  }

  @Override
  public Statement createStatement() throws SQLException {
    return statement(failures.call(() -> hikari.createStatement()));
  }

  @Override
  public Statement createStatement(
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return statement(
        failures.call(
            () ->
                hikari.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability)));
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return statement(
        failures.call(() -> hikari.createStatement(resultSetType, resultSetConcurrency)));
  }

  @Override
  public Struct createStruct(String typeName, Object[] elements) throws SQLException {
    return failures.call(() -> hikari.createStruct(typeName, elements));
  }

  @Override
  public void endRequest() throws SQLException {
    failures.run(() -> hikari.endRequest());
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return failures.call(() -> hikari.getAutoCommit());
  }

  @Override
  public String getCatalog() throws SQLException {
    return failures.call(() -> hikari.getCatalog());
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return failures.call(() -> hikari.getClientInfo());
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    return failures.call(() -> hikari.getClientInfo(name));
  }

  @Override
  public int getHoldability() throws SQLException {
    return failures.call(() -> hikari.getHoldability());
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return failures.call(() -> hikari.getMetaData());
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return failures.call(() -> hikari.getNetworkTimeout());
  }

  @Override
  public String getSchema() throws SQLException {
    return failures.call(() -> hikari.getSchema());
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return failures.call(() -> hikari.getTransactionIsolation());
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return failures.call(() -> hikari.getTypeMap());
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return failures.call(() -> hikari.getWarnings());
  }

  @Override
  public boolean isClosed() throws SQLException {
    return closed || hikari.isClosed();
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return failures.call(() -> hikari.isReadOnly());
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    return failures.call(() -> hikari.isValid(timeout));
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || failures.call(() -> hikari.isWrapperFor(iface));
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    return failures.call(() -> hikari.nativeSQL(sql));
  }

  @Override
  public CallableStatement prepareCall(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return callable(
        failures.call(
            () ->
                hikari.prepareCall(
                    sql, resultSetType, resultSetConcurrency, resultSetHoldability)));
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return callable(
        failures.call(() -> hikari.prepareCall(sql, resultSetType, resultSetConcurrency)));
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return callable(failures.call(() -> hikari.prepareCall(sql)));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return prepared(failures.call(() -> hikari.prepareStatement(sql, columnIndexes)));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return prepared(failures.call(() -> hikari.prepareStatement(sql, columnNames)));
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return prepared(
        failures.call(
            () ->
                hikari.prepareStatement(
                    sql, resultSetType, resultSetConcurrency, resultSetHoldability)));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return prepared(
        failures.call(() -> hikari.prepareStatement(sql, resultSetType, resultSetConcurrency)));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType) throws SQLException {
    return prepared(failures.call(() -> hikari.prepareStatement(sql, resultSetType)));
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return prepared(failures.call(() -> hikari.prepareStatement(sql)));
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    failures.run(() -> hikari.releaseSavepoint(savepoint));
  }

  @Override
  public void rollback() throws SQLException {
    failures.run(() -> hikari.rollback());
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    failures.run(() -> hikari.rollback(savepoint));
  }

  @Override
  public void setAutoCommit(boolean value) throws SQLException {
    failures.run(() -> hikari.setAutoCommit(value));
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    failures.run(() -> hikari.setCatalog(catalog));
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    failures.runClientInfo(() -> hikari.setClientInfo(name, value));
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    failures.runClientInfo(() -> hikari.setClientInfo(properties));
  }

  @Override
  public void setHoldability(int value) throws SQLException {
    failures.run(() -> hikari.setHoldability(value));
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    failures.run(() -> hikari.setNetworkTimeout(executor, milliseconds));
  }

  @Override
  public void setReadOnly(boolean value) throws SQLException {
    failures.run(() -> hikari.setReadOnly(value));
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return failures.call(() -> hikari.setSavepoint());
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    return failures.call(() -> hikari.setSavepoint(name));
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    failures.run(() -> hikari.setSchema(schema));
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey)
      throws SQLException {
    failures.run(() -> hikari.setShardingKey(shardingKey, superShardingKey));
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    failures.run(() -> hikari.setShardingKey(shardingKey));
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
    return failures.call(() -> hikari.setShardingKeyIfValid(shardingKey, timeout));
  }

  @Override
  public boolean setShardingKeyIfValid(
      ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
    return failures.call(
        () -> hikari.setShardingKeyIfValid(shardingKey, superShardingKey, timeout));
  }

  @Override
  public void setTransactionIsolation(int value) throws SQLException {
    failures.run(() -> hikari.setTransactionIsolation(value));
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    failures.run(() -> hikari.setTypeMap(map));
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return failures.call(() -> hikari.unwrap(iface));
  }
}
