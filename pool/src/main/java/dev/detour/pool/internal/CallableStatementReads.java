package dev.detour.pool.internal;

import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * The half of {@link DetourCallableStatement} that reads OUT parameters: one file each, for length
 * only.
 *
 * @param <T> the type of the statement underneath
 */
abstract class CallableStatementReads<T extends CallableStatement>
    extends DetourPreparedStatement<T> implements CallableStatement {

  CallableStatementReads(T target, Connection connection, BorrowFailures failures) {
    super(target, connection, failures);
  }

  @Override
  public Array getArray(String parameterName) throws SQLException {
    return failures.call(() -> target.getArray(parameterName));
  }

  @Override
  public Array getArray(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getArray(parameterIndex));
  }

  @Override
  public BigDecimal getBigDecimal(String parameterName) throws SQLException {
    return failures.call(() -> target.getBigDecimal(parameterName));
  }

  @Deprecated
  @Override
  public BigDecimal getBigDecimal(int parameterIndex, int scale) throws SQLException {
    return failures.call(() -> target.getBigDecimal(parameterIndex, scale));
  }

  @Override
  public BigDecimal getBigDecimal(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getBigDecimal(parameterIndex));
  }

  @Override
  public Blob getBlob(String parameterName) throws SQLException {
    return failures.call(() -> target.getBlob(parameterName));
  }

  @Override
  public Blob getBlob(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getBlob(parameterIndex));
  }

  @Override
  public boolean getBoolean(String parameterName) throws SQLException {
    return failures.call(() -> target.getBoolean(parameterName));
  }

  @Override
  public boolean getBoolean(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getBoolean(parameterIndex));
  }

  @Override
  public byte getByte(String parameterName) throws SQLException {
    return failures.call(() -> target.getByte(parameterName));
  }

  @Override
  public byte getByte(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getByte(parameterIndex));
  }

  @Override
  public byte[] getBytes(String parameterName) throws SQLException {
    return failures.call(() -> target.getBytes(parameterName));
  }

  @Override
  public byte[] getBytes(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getBytes(parameterIndex));
  }

  @Override
  public Reader getCharacterStream(String parameterName) throws SQLException {
    return failures.call(() -> target.getCharacterStream(parameterName));
  }

  @Override
  public Reader getCharacterStream(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getCharacterStream(parameterIndex));
  }

  @Override
  public Clob getClob(String parameterName) throws SQLException {
    return failures.call(() -> target.getClob(parameterName));
  }

  @Override
  public Clob getClob(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getClob(parameterIndex));
  }

  @Override
  public Date getDate(String parameterName, Calendar cal) throws SQLException {
    return failures.call(() -> target.getDate(parameterName, cal));
  }

  @Override
  public Date getDate(String parameterName) throws SQLException {
    return failures.call(() -> target.getDate(parameterName));
  }

  @Override
  public Date getDate(int parameterIndex, Calendar cal) throws SQLException {
    return failures.call(() -> target.getDate(parameterIndex, cal));
  }

  @Override
  public Date getDate(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getDate(parameterIndex));
  }

  @Override
  public double getDouble(String parameterName) throws SQLException {
    return failures.call(() -> target.getDouble(parameterName));
  }

  @Override
  public double getDouble(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getDouble(parameterIndex));
  }

  @Override
  public float getFloat(String parameterName) throws SQLException {
    return failures.call(() -> target.getFloat(parameterName));
  }

  @Override
  public float getFloat(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getFloat(parameterIndex));
  }

  @Override
  public int getInt(String parameterName) throws SQLException {
    return failures.call(() -> target.getInt(parameterName));
  }

  @Override
  public int getInt(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getInt(parameterIndex));
  }

  @Override
  public long getLong(String parameterName) throws SQLException {
    return failures.call(() -> target.getLong(parameterName));
  }

  @Override
  public long getLong(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getLong(parameterIndex));
  }

  @Override
  public Reader getNCharacterStream(String parameterName) throws SQLException {
    return failures.call(() -> target.getNCharacterStream(parameterName));
  }

  @Override
  public Reader getNCharacterStream(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getNCharacterStream(parameterIndex));
  }

  @Override
  public NClob getNClob(String parameterName) throws SQLException {
    return failures.call(() -> target.getNClob(parameterName));
  }

  @Override
  public NClob getNClob(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getNClob(parameterIndex));
  }

  @Override
  public String getNString(String parameterName) throws SQLException {
    return failures.call(() -> target.getNString(parameterName));
  }

  @Override
  public String getNString(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getNString(parameterIndex));
  }

  @Override
  public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
    return failures.call(() -> target.getObject(parameterName, type));
  }

  @Override
  public Object getObject(String parameterName, Map<String, Class<?>> map) throws SQLException {
    return failures.call(() -> target.getObject(parameterName, map));
  }

  @Override
  public Object getObject(String parameterName) throws SQLException {
    return failures.call(() -> target.getObject(parameterName));
  }

  @Override
  public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
    return failures.call(() -> target.getObject(parameterIndex, type));
  }

  @Override
  public Object getObject(int parameterIndex, Map<String, Class<?>> map) throws SQLException {
    return failures.call(() -> target.getObject(parameterIndex, map));
  }

  @Override
  public Object getObject(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getObject(parameterIndex));
  }

  @Override
  public Ref getRef(String parameterName) throws SQLException {
    return failures.call(() -> target.getRef(parameterName));
  }

  @Override
  public Ref getRef(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getRef(parameterIndex));
  }

  @Override
  public RowId getRowId(String parameterName) throws SQLException {
    return failures.call(() -> target.getRowId(parameterName));
  }

  @Override
  public RowId getRowId(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getRowId(parameterIndex));
  }

  @Override
  public SQLXML getSQLXML(String parameterName) throws SQLException {
    return failures.call(() -> target.getSQLXML(parameterName));
  }

  @Override
  public SQLXML getSQLXML(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getSQLXML(parameterIndex));
  }

  @Override
  public short getShort(String parameterName) throws SQLException {
    return failures.call(() -> target.getShort(parameterName));
  }

  @Override
  public short getShort(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getShort(parameterIndex));
  }

  @Override
  public String getString(String parameterName) throws SQLException {
    return failures.call(() -> target.getString(parameterName));
  }

  @Override
  public String getString(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getString(parameterIndex));
  }

  @Override
  public Time getTime(String parameterName, Calendar cal) throws SQLException {
    return failures.call(() -> target.getTime(parameterName, cal));
  }

  @Override
  public Time getTime(String parameterName) throws SQLException {
    return failures.call(() -> target.getTime(parameterName));
  }

  @Override
  public Time getTime(int parameterIndex, Calendar cal) throws SQLException {
    return failures.call(() -> target.getTime(parameterIndex, cal));
  }

  @Override
  public Time getTime(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getTime(parameterIndex));
  }

  @Override
  public Timestamp getTimestamp(String parameterName, Calendar cal) throws SQLException {
    return failures.call(() -> target.getTimestamp(parameterName, cal));
  }

  @Override
  public Timestamp getTimestamp(String parameterName) throws SQLException {
    return failures.call(() -> target.getTimestamp(parameterName));
  }

  @Override
  public Timestamp getTimestamp(int parameterIndex, Calendar cal) throws SQLException {
    return failures.call(() -> target.getTimestamp(parameterIndex, cal));
  }

  @Override
  public Timestamp getTimestamp(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getTimestamp(parameterIndex));
  }

  @Override
  public URL getURL(String parameterName) throws SQLException {
    return failures.call(() -> target.getURL(parameterName));
  }

  @Override
  public URL getURL(int parameterIndex) throws SQLException {
    return failures.call(() -> target.getURL(parameterIndex));
  }

  @Override
  public boolean wasNull() throws SQLException {
    return failures.call(() -> target.wasNull());
  }
}
