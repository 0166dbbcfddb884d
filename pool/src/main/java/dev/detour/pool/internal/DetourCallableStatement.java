package dev.detour.pool.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A callable statement of a {@link DetourConnection}; see {@link DetourStatement}. The reads of OUT
 * parameters are in {@link CallableStatementReads}; their registration and the named IN parameters
 * are here.
 */
final class DetourCallableStatement extends CallableStatementReads<CallableStatement> {

  DetourCallableStatement(
      CallableStatement target, Connection connection, BorrowFailures failures) {
    super(target, connection, failures);
  }

  @Override
  public void registerOutParameter(String parameterName, int sqlType, String typeName)
      throws SQLException {
    failures.run(() -> target.registerOutParameter(parameterName, sqlType, typeName));
  }

  @Override
  public void registerOutParameter(String parameterName, int sqlType, int scale)
      throws SQLException {
    failures.run(() -> target.registerOutParameter(parameterName, sqlType, scale));
  }

  @Override
  public void registerOutParameter(String parameterName, int sqlType) throws SQLException {
    failures.run(() -> target.registerOutParameter(parameterName, sqlType));
  }

  @Override
  public void registerOutParameter(String parameterName, SQLType sqlType, String typeName)
      throws SQLException {
    failures.run(() -> target.registerOutParameter(parameterName, sqlType, typeName));
  }

  @Override
  public void registerOutParameter(String parameterName, SQLType sqlType, int scale)
      throws SQLException {
    failures.run(() -> target.registerOutParameter(parameterName, sqlType, scale));
  }

  @Override
  public void registerOutParameter(String parameterName, SQLType sqlType) throws SQLException {
    failures.run(() -> target.registerOutParameter(parameterName, sqlType));
  }

  @Override
  public void registerOutParameter(int parameterIndex, int sqlType, String typeName)
      throws SQLException {
    failures.run(() -> target.registerOutParameter(parameterIndex, sqlType, typeName));
  }

  @Override
  public void registerOutParameter(int parameterIndex, int sqlType, int scale) throws SQLException {
    failures.run(() -> target.registerOutParameter(parameterIndex, sqlType, scale));
  }

  @Override
  public void registerOutParameter(int parameterIndex, int sqlType) throws SQLException {
    failures.run(() -> target.registerOutParameter(parameterIndex, sqlType));
  }

  @Override
  public void registerOutParameter(int parameterIndex, SQLType sqlType, String typeName)
      throws SQLException {
    failures.run(() -> target.registerOutParameter(parameterIndex, sqlType, typeName));
  }

  @Override
  public void registerOutParameter(int parameterIndex, SQLType sqlType, int scale)
      throws SQLException {
    failures.run(() -> target.registerOutParameter(parameterIndex, sqlType, scale));
  }

  @Override
  public void registerOutParameter(int parameterIndex, SQLType sqlType) throws SQLException {
    failures.run(() -> target.registerOutParameter(parameterIndex, sqlType));
  }

  @Override
  public void setAsciiStream(String parameterName, InputStream x, int length) throws SQLException {
    failures.run(() -> target.setAsciiStream(parameterName, x, length));
  }

  @Override
  public void setAsciiStream(String parameterName, InputStream x, long length) throws SQLException {
    failures.run(() -> target.setAsciiStream(parameterName, x, length));
  }

  @Override
  public void setAsciiStream(String parameterName, InputStream x) throws SQLException {
    failures.run(() -> target.setAsciiStream(parameterName, x));
  }

  @Override
  public void setBigDecimal(String parameterName, BigDecimal x) throws SQLException {
    failures.run(() -> target.setBigDecimal(parameterName, x));
  }

  @Override
  public void setBinaryStream(String parameterName, InputStream x, int length) throws SQLException {
    failures.run(() -> target.setBinaryStream(parameterName, x, length));
  }

  @Override
  public void setBinaryStream(String parameterName, InputStream x, long length)
      throws SQLException {
    failures.run(() -> target.setBinaryStream(parameterName, x, length));
  }

  @Override
  public void setBinaryStream(String parameterName, InputStream x) throws SQLException {
    failures.run(() -> target.setBinaryStream(parameterName, x));
  }

  @Override
  public void setBlob(String parameterName, InputStream x, long length) throws SQLException {
    failures.run(() -> target.setBlob(parameterName, x, length));
  }

  @Override
  public void setBlob(String parameterName, InputStream x) throws SQLException {
    failures.run(() -> target.setBlob(parameterName, x));
  }

  @Override
  public void setBlob(String parameterName, Blob x) throws SQLException {
    failures.run(() -> target.setBlob(parameterName, x));
  }

  @Override
  public void setBoolean(String parameterName, boolean x) throws SQLException {
    failures.run(() -> target.setBoolean(parameterName, x));
  }

  @Override
  public void setByte(String parameterName, byte x) throws SQLException {
    failures.run(() -> target.setByte(parameterName, x));
  }

  @Override
  public void setBytes(String parameterName, byte[] x) throws SQLException {
    failures.run(() -> target.setBytes(parameterName, x));
  }

  @Override
  public void setCharacterStream(String parameterName, Reader x, int length) throws SQLException {
    failures.run(() -> target.setCharacterStream(parameterName, x, length));
  }

  @Override
  public void setCharacterStream(String parameterName, Reader x, long length) throws SQLException {
    failures.run(() -> target.setCharacterStream(parameterName, x, length));
  }

  @Override
  public void setCharacterStream(String parameterName, Reader x) throws SQLException {
    failures.run(() -> target.setCharacterStream(parameterName, x));
  }

  @Override
  public void setClob(String parameterName, Reader x, long length) throws SQLException {
    failures.run(() -> target.setClob(parameterName, x, length));
  }

  @Override
  public void setClob(String parameterName, Reader x) throws SQLException {
    failures.run(() -> target.setClob(parameterName, x));
  }

  @Override
  public void setClob(String parameterName, Clob x) throws SQLException {
    failures.run(() -> target.setClob(parameterName, x));
  }

  @Override
  public void setDate(String parameterName, Date x, Calendar cal) throws SQLException {
    failures.run(() -> target.setDate(parameterName, x, cal));
  }

  @Override
  public void setDate(String parameterName, Date x) throws SQLException {
    failures.run(() -> target.setDate(parameterName, x));
  }

  @Override
  public void setDouble(String parameterName, double x) throws SQLException {
    failures.run(() -> target.setDouble(parameterName, x));
  }

  @Override
  public void setFloat(String parameterName, float x) throws SQLException {
    failures.run(() -> target.setFloat(parameterName, x));
  }

  @Override
  public void setInt(String parameterName, int x) throws SQLException {
    failures.run(() -> target.setInt(parameterName, x));
  }

  @Override
  public void setLong(String parameterName, long x) throws SQLException {
    failures.run(() -> target.setLong(parameterName, x));
  }

  @Override
  public void setNCharacterStream(String parameterName, Reader x, long length) throws SQLException {
    failures.run(() -> target.setNCharacterStream(parameterName, x, length));
  }

  @Override
  public void setNCharacterStream(String parameterName, Reader x) throws SQLException {
    failures.run(() -> target.setNCharacterStream(parameterName, x));
  }

  @Override
  public void setNClob(String parameterName, Reader x, long length) throws SQLException {
    failures.run(() -> target.setNClob(parameterName, x, length));
  }

  @Override
  public void setNClob(String parameterName, Reader x) throws SQLException {
    failures.run(() -> target.setNClob(parameterName, x));
  }

  @Override
  public void setNClob(String parameterName, NClob x) throws SQLException {
    failures.run(() -> target.setNClob(parameterName, x));
  }

  @Override
  public void setNString(String parameterName, String x) throws SQLException {
    failures.run(() -> target.setNString(parameterName, x));
  }

  @Override
  public void setNull(String parameterName, int sqlType, String typeName) throws SQLException {
    failures.run(() -> target.setNull(parameterName, sqlType, typeName));
  }

  @Override
  public void setNull(String parameterName, int sqlType) throws SQLException {
    failures.run(() -> target.setNull(parameterName, sqlType));
  }

  @Override
  public void setObject(String parameterName, Object x, int targetSqlType, int scaleOrLength)
      throws SQLException {
    failures.run(() -> target.setObject(parameterName, x, targetSqlType, scaleOrLength));
  }

  @Override
  public void setObject(String parameterName, Object x, int targetSqlType) throws SQLException {
    failures.run(() -> target.setObject(parameterName, x, targetSqlType));
  }

  @Override
  public void setObject(String parameterName, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    failures.run(() -> target.setObject(parameterName, x, targetSqlType, scaleOrLength));
  }

  @Override
  public void setObject(String parameterName, Object x, SQLType targetSqlType) throws SQLException {
    failures.run(() -> target.setObject(parameterName, x, targetSqlType));
  }

  @Override
  public void setObject(String parameterName, Object x) throws SQLException {
    failures.run(() -> target.setObject(parameterName, x));
  }

  @Override
  public void setRowId(String parameterName, RowId x) throws SQLException {
    failures.run(() -> target.setRowId(parameterName, x));
  }

  @Override
  public void setSQLXML(String parameterName, SQLXML x) throws SQLException {
    failures.run(() -> target.setSQLXML(parameterName, x));
  }

  @Override
  public void setShort(String parameterName, short x) throws SQLException {
    failures.run(() -> target.setShort(parameterName, x));
  }

  @Override
  public void setString(String parameterName, String x) throws SQLException {
    failures.run(() -> target.setString(parameterName, x));
  }

  @Override
  public void setTime(String parameterName, Time x, Calendar cal) throws SQLException {
    failures.run(() -> target.setTime(parameterName, x, cal));
  }

  @Override
  public void setTime(String parameterName, Time x) throws SQLException {
    failures.run(() -> target.setTime(parameterName, x));
  }

  @Override
  public void setTimestamp(String parameterName, Timestamp x, Calendar cal) throws SQLException {
    failures.run(() -> target.setTimestamp(parameterName, x, cal));
  }

  @Override
  public void setTimestamp(String parameterName, Timestamp x) throws SQLException {
    failures.run(() -> target.setTimestamp(parameterName, x));
  }

  @Override
  public void setURL(String parameterName, URL x) throws SQLException {
    failures.run(() -> target.setURL(parameterName, x));
  }
}
