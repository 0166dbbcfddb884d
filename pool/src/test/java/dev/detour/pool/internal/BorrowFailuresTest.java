package dev.detour.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BorrowFailuresTest {

  private final PhysicalConnection pc =
      new PhysicalConnection(null, new InetSocketAddress(InetAddress.getLoopbackAddress(), 5432));
  private final List<String> reported = new ArrayList<>();
  private final BorrowFailures failures =
      new BorrowFailures(
          pc,
          (failed, io, named) -> reported.add(failed.address().getPort() + " " + io),
          "db.test:5432");

  @Test
  void anIoFailureIsReportedOnceAndNamesTheHostAndTheAddress() {
    SQLException pgjdbc =
        new SQLException("An I/O error occurred", "08006", new SocketTimeoutException("Read"));

    assertThatThrownBy(
            () ->
                failures.run(
                    () -> {
                      throw pgjdbc;
                    }))
        .isInstanceOf(SQLException.class)
        .hasMessageStartingWith("db.test:5432: pooled connection to 127.0.0.1:5432 failed: ")
        .hasMessageContaining("(java.net.SocketTimeoutException: Read)")
        .hasCause(pgjdbc)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("08006");
    assertThat(reported).containsExactly("5432 java.net.SocketTimeoutException: Read");
  }

  @Test
  void aConnectionFailureStateWithoutAnIoExceptionIsAnIoFailure() throws Exception {
    assertThat(BorrowFailures.ioCause(new SQLException("lost", "08007")))
        .isInstanceOf(IOException.class)
        .hasMessage("lost");
    assertThat(BorrowFailures.ioCause(new SQLException("closed", "08003"))).isNull();
  }

  @Test
  void anyOtherFailurePassesUnchangedAndIsNotReported() {
    SQLException syntax = new SQLException("syntax error", "42601");

    assertThatThrownBy(
            () ->
                failures.call(
                    () -> {
                      throw syntax;
                    }))
        .isSameAs(syntax);
    assertThat(reported).isEmpty();
  }

  @Test
  void aClientInfoFailureStaysAClientInfoException() {
    SQLClientInfoException io =
        new SQLClientInfoException(
            "An I/O error occurred", "08006", 0, Map.of(), new IOException("reset"));

    assertThatThrownBy(
            () ->
                failures.runClientInfo(
                    () -> {
                      throw io;
                    }))
        .isInstanceOf(SQLClientInfoException.class)
        .hasMessageStartingWith("db.test:5432: pooled connection to 127.0.0.1:5432 failed: ")
        .hasCause(io);
    assertThat(reported).hasSize(1);
  }
}
