package dev.detour.listener.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class LossCauseTest {

  @Test
  void authenticationAndUnknownDatabaseAreFatalAndNotTheAddressesFault() {
    assertThat(LossCause.of(new SQLException("password", "28P01"))).isEqualTo(LossCause.FATAL);
    assertThat(LossCause.of(new SQLException("no pg_hba", "28000"))).isEqualTo(LossCause.FATAL);
    assertThat(LossCause.of(new SQLException("no db", "3D000"))).isEqualTo(LossCause.FATAL);
    assertThat(LossCause.FATAL.blamesAddress()).isFalse();
  }

  @Test
  void adminShutdownIsRetriedWithoutBlamingTheAddress() {
    LossCause c = LossCause.of(new SQLException("terminating connection", "57P01"));
    assertThat(c).isEqualTo(LossCause.ADMIN_SHUTDOWN);
    assertThat(c.blamesAddress()).isFalse();
  }

  @Test
  void aReadTimeoutIsAStallAndAnIoErrorIsAFailureBothBlamingTheAddress() {
    SQLException stalled =
        new SQLException("I/O error", "08006", new SocketTimeoutException("Read timed out"));
    assertThat(LossCause.of(stalled)).isEqualTo(LossCause.TIMEOUT);
    assertThat(LossCause.of(new SQLException("I/O", "08006", new EOFException())))
        .isEqualTo(LossCause.IO);
    assertThat(LossCause.TIMEOUT.blamesAddress()).isTrue();
    assertThat(LossCause.IO.blamesAddress()).isTrue();
  }

  @Test
  void otherServerErrorsAreRetriedWithoutBlame() {
    assertThat(LossCause.of(new SQLException("syntax", "42601"))).isEqualTo(LossCause.SERVER);
  }
}
