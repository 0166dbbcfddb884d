package dev.detour.testkit.internal.pg;

/**
 * The {@code pg_hba.conf} of an embedded test server: which logins it accepts and how.
 *
 * <p>The superuser {@code postgres} is trusted on loopback, for setup only. Every other user must
 * authenticate with SCRAM-SHA-256. On a TLS server every TCP line is {@code hostssl}, and a login
 * without TLS is rejected explicitly, so the refusal names the reason. Stateless.
 */
public final class PgHba {

  private PgHba() {}

  /**
   * Returns the file's text.
   *
   * @param tls whether TCP logins must use TLS
   */
  public static String content(boolean tls) {
    String host = tls ? "hostssl  " : "host     ";
    StringBuilder text = new StringBuilder();
    text.append("# Written by the Detour testkit. TYPE DATABASE USER ADDRESS METHOD\n");
    text.append("local     all postgres              trust\n");
    text.append(host).append(" all postgres 127.0.0.0/8  trust\n");
    text.append(host).append(" all all      127.0.0.0/8  scram-sha-256\n");
    if (tls) {
      text.append("hostnossl all all      all          reject\n");
    }
    return text.toString();
  }
}
