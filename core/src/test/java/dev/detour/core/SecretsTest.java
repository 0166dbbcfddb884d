package dev.detour.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void masksPasswordParametersAndUserInfo() {
    assertThat(Secrets.redactUrl("jdbc:detour:postgresql://h/db?user=a&password=s3cr%26t&ssl=true"))
        .isEqualTo("jdbc:detour:postgresql://h/db?user=a&password=***&ssl=true");
    assertThat(Secrets.redactUrl("postgresql://alice:s3cret@h:5432/db"))
        .isEqualTo("postgresql://alice:***@h:5432/db");
    assertThat(Secrets.redactUrl("jdbc:postgresql://h/db?PASSWORD=x")).doesNotContain("=x");
  }

  @Test
  void masksSecretProperties() {
    Properties p = new Properties();
    p.setProperty("user", "alice");
    p.setProperty("password", "s3cret");
    p.setProperty("sslpassword", "k");
    assertThat(Secrets.redact(p))
        .containsEntry("user", "alice")
        .containsEntry("password", "***")
        .containsEntry("sslpassword", "***");
  }
}
