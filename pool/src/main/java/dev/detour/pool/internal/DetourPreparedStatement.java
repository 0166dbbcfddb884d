package dev.detour.pool.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement of a {@link DetourConnection}; see {@link DetourStatement}.
 *
 * @param <T> the type of the statement underneath
 */
class DetourPreparedStatement<T extends PreparedStatement> extends DetourStatement<T>
    implements PreparedStatement {

  DetourPreparedStatement(T target, Connection connection, BorrowFailures failures) {
    super(target, connection, failures);
  }

  @Override
  public void addBatch() throws SQLException {
    failures.run(() -> target.addBatch());
  }

  @Override
  public void clearParameters() throws SQLException {
    failures.run(() -> target.clearParameters());
  }

  @Override
  public boolean execute() throws SQLException {
    return failures.call(() -> target.execute());
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return failures.call(() -> target.executeLargeUpdate());
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    return failures.call(() -> target.executeQuery());
  }

  @Override
  public int executeUpdate() throws SQLException {
    return failures.call(() -> target.executeUpdate());
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return failures.call(() -> target.getMetaData());
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    return failures.call(() -> target.getParameterMetaData());
  }

  @Override
  public void setArray(int parameterIndex, Array x) throws SQLException {
    failures.run(() -> target.setArray(parameterIndex, x));
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
    failures.run(() -> target.setAsciiStream(parameterIndex, x, length));
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
    failures.run(() -> target.setAsciiStream(parameterIndex, x, length));
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
    failures.run(() -> target.setAsciiStream(parameterIndex, x));
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    failures.run(() -> target.setBigDecimal(parameterIndex, x));
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
    failures.run(() -> target.setBinaryStream(parameterIndex, x, length));
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
    failures.run(() -> target.setBinaryStream(parameterIndex, x, length));
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
    failures.run(() -> target.setBinaryStream(parameterIndex, x));
  }

  @Override
  public void setBlob(int parameterIndex, InputStream x, long length) throws SQLException {
    failures.run(() -> target.setBlob(parameterIndex, x, length));
  }

  @Override
  public void setBlob(int parameterIndex, InputStream x) throws SQLException {
    failures.run(() -> target.setBlob(parameterIndex, x));
  }

  @Override
  public void setBlob(int parameterIndex, Blob x) throws SQLException {
    failures.run(() -> target.setBlob(parameterIndex, x));
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    failures.run(() -> target.setBoolean(parameterIndex, x));
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    failures.run(() -> target.setByte(parameterIndex, x));
  }

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    failures.run(() -> target.setBytes(parameterIndex, x));
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader x, int length) throws SQLException {
    failures.run(() -> target.setCharacterStream(parameterIndex, x, length));
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader x, long length) throws SQLException {
    failures.run(() -> target.setCharacterStream(parameterIndex, x, length));
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader x) throws SQLException {
    failures.run(() -> target.setCharacterStream(parameterIndex, x));
  }

  @Override
  public void setClob(int parameterIndex, Reader x, long length) throws SQLException {
    failures.run(() -> target.setClob(parameterIndex, x, length));
  }

  @Override
  public void setClob(int parameterIndex, Reader x) throws SQLException {
    failures.run(() -> target.setClob(parameterIndex, x));
  }

  @Override
  public void setClob(int parameterIndex, Clob x) throws SQLException {
    failures.run(() -> target.setClob(parameterIndex, x));
  }

  @Override
  public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
    failures.run(() -> target.setDate(parameterIndex, x, cal));
  }

  @Override
  public void setDate(int parameterIndex, Date x) throws SQLException {
    failures.run(() -> target.setDate(parameterIndex, x));
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    failures.run(() -> target.setDouble(parameterIndex, x));
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    failures.run(() -> target.setFloat(parameterIndex, x));
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    failures.run(() -> target.setInt(parameterIndex, x));
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    failures.run(() -> target.setLong(parameterIndex, x));
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader x, long length) throws SQLException {
    failures.run(() -> target.setNCharacterStream(parameterIndex, x, length));
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader x) throws SQLException {
    failures.run(() -> target.setNCharacterStream(parameterIndex, x));
  }

  @Override
  public void setNClob(int parameterIndex, Reader x, long length) throws SQLException {
    failures.run(() -> target.setNClob(parameterIndex, x, length));
  }

  @Override
  public void setNClob(int parameterIndex, Reader x) throws SQLException {
    failures.run(() -> target.setNClob(parameterIndex, x));
  }

  @Override
  public void setNClob(int parameterIndex, NClob x) throws SQLException {
    failures.run(() -> target.setNClob(parameterIndex, x));
  }

  @Override
  public void setNString(int parameterIndex, String x) throws SQLException {
    failures.run(() -> target.setNString(parameterIndex, x));
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    failures.run(() -> target.setNull(parameterIndex, sqlType, typeName));
  }

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    failures.run(() -> target.setNull(parameterIndex, sqlType));
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength)
      throws SQLException {
    failures.run(() -> target.setObject(parameterIndex, x, targetSqlType, scaleOrLength));
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    failures.run(() -> target.setObject(parameterIndex, x, targetSqlType));
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    failures.run(() -> target.setObject(parameterIndex, x, targetSqlType, scaleOrLength));
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
    failures.run(() -> target.setObject(parameterIndex, x, targetSqlType));
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    failures.run(() -> target.setObject(parameterIndex, x));
  }

  @Override
  public void setRef(int parameterIndex, Ref x) throws SQLException {
    failures.run(() -> target.setRef(parameterIndex, x));
  }

  @Override
  public void setRowId(int parameterIndex, RowId x) throws SQLException {
    failures.run(() -> target.setRowId(parameterIndex, x));
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML x) throws SQLException {
    failures.run(() -> target.setSQLXML(parameterIndex, x));
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    failures.run(() -> target.setShort(parameterIndex, x));
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    failures.run(() -> target.setString(parameterIndex, x));
  }

  @Override
  public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
    failures.run(() -> target.setTime(parameterIndex, x, cal));
  }

  @Override
  public void setTime(int parameterIndex, Time x) throws SQLException {
    failures.run(() -> target.setTime(parameterIndex, x));
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
    failures.run(() -> target.setTimestamp(parameterIndex, x, cal));
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
    failures.run(() -> target.setTimestamp(parameterIndex, x));
  }

  @Override
  public void setURL(int parameterIndex, URL x) throws SQLException {
    failures.run(() -> target.setURL(parameterIndex, x));
  }

  @Deprecated
  @Override
  public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
    failures.run(() -> target.setUnicodeStream(parameterIndex, x, length));
  }
}
