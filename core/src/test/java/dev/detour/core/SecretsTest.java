package dev.detour.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {

  @Test
  void masksPasswordParametersAndUserInfo() {
    assertThat(Secrets.redactUrl("jdbc:detour:postgresql://h/db?user=a&password=s3cr%26t&ssl=true"))
        .isEqualTo("jdbc:detour:postgresql://h/db?user=a&password=***&ssl=true");
    assertThat(Secrets.redactUrl("postgresql://alice:s3cret@h:5432/db"))
        .isEqualTo("postgresql://alice:***@h:5432/db");
    assertThat(Secrets.redactUrl("jdbc:postgresql://h/db?PASSWORD=x")).doesNotContain("=x");
  }

  @ParameterizedTest(name = "password {0}, fragment {1}")
  @CsvSource({"ab;zz, zz", "p@zz, zz", "p/zz, zz", "p%40zz, zz", "s3cr#zz, zz"})
  void noFragmentOfAPasswordParameterSurvives(String password, String fragment) {
    for (String key : new String[] {"password", "PASSWORD", "sslpassword"}) {
      String url = "jdbc:postgresql://h/db?user=a&" + key + "=" + password + "&x=1";
      assertThat(Secrets.redactUrl(url))
          .isEqualTo("jdbc:postgresql://h/db?user=a&" + key + "=***&x=1")
          .doesNotContain(fragment);
    }
  }

  @ParameterizedTest(name = "password {0}, fragment {1}")
  @CsvSource({"p@zz, zz", "p/zz, zz", "p%40zz, zz", "ab;zz, zz", "a:zz, zz", "p@q@zz, zz"})
  void noFragmentOfAUserInfoPasswordSurvives(String password, String fragment) {
    String redacted = Secrets.redactUrl("postgresql://alice:" + password + "@h:5432/db?x=1");

    assertThat(redacted).startsWith("postgresql://alice:***@").doesNotContain(fragment);
    assertThat(redacted).endsWith("@h:5432/db?x=1");
  }

  @Test
  void anAtSignAfterTheQueryIsNotUserInfo() {
    assertThat(Secrets.redactUrl("jdbc:postgresql://h:5432/db?application_name=a@b"))
        .isEqualTo("jdbc:postgresql://h:5432/db?application_name=a@b");
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

  @Test
  void prefixedPasswordParametersAreMaskedLikePasswordKeys() {
    String url =
        "jdbc:detour:postgresql://h/db?detour.pool.password=hunter2&detour.listener.apiToken=t0k"
            + "&sslkey=/k.pem&user=app";
    assertThat(Secrets.redactUrl(url))
        .isEqualTo(
            "jdbc:detour:postgresql://h/db?detour.pool.password=***&detour.listener.apiToken=***"
                + "&sslkey=***&user=app");
  }
}
