package dev.detour.testkit.internal.pg;

import dev.detour.core.NamedThreadFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one embedded PostgreSQL server (zonky binaries) configured for Detour's tests.
 *
 * <p>Steps:
 *
 * <ol>
 *   <li>For a TLS server, write a throwaway CA and server certificate into a temporary directory
 *       that a shutdown hook deletes.
 *   <li>Start PostgreSQL listening on 127.0.0.1 only, with {@code password_encryption =
 *       scram-sha-256}, the testkit's {@link PgHba pg_hba.conf} and, for TLS, {@code ssl = on}.
 *       Zonky picks a free port and registers the shutdown hook that stops the server. A free port
 *       can be taken by another process before PostgreSQL binds it, so a failed start is retried
 *       with a new port, {@value #START_ATTEMPTS} attempts in all.
 *   <li>As superuser, create the login role {@value #USER} with a random password, sent to the
 *       server only as a SCRAM verifier, and the database {@value #DATABASE} that it owns.
 * </ol>
 *
 * <p>Stateless and thread-safe; each call starts a new server, which costs seconds.
 */
public final class PostgresLauncher {

  /** The login role that tests use. */
  public static final String USER = "detour";

  /** The database that {@link #USER} owns and tests use by default. */
  public static final String DATABASE = "detour";

  /** The superuser, trusted on loopback, for setup only. */
  public static final String SUPERUSER = "postgres";

  /** The only address the server listens on. */
  public static final String HOST = "127.0.0.1";

  /** How long one start may take before it counts as failed: generous for a loaded machine. */
  static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  static final int START_ATTEMPTS = 3;

  private static final Logger LOG = LoggerFactory.getLogger(PostgresLauncher.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private PostgresLauncher() {}

  /** A started server and what a client needs to reach it. */
  public record Launched(
      EmbeddedPostgres server, int port, String password, ThrowawayCertificates.TlsFiles tlsFiles) {

    @Override
    public String toString() {
      return "Launched[" + HOST + ":" + port + ", tls=" + (tlsFiles != null) + "]";
    }
  }

  /**
   * Starts a server.
   *
   * @param tls whether the server requires TLS, with a throwaway certificate
   * @throws IllegalStateException if the server could not be started and prepared
   */
  public static Launched launch(boolean tls) {
    ThrowawayCertificates.TlsFiles tlsFiles = tls ? writeCertificates() : null;
    String password = newPassword();
    EmbeddedPostgres server = start(tlsFiles);
    try (Connection superuser = server.getPostgresDatabase().getConnection();
        Statement statement = superuser.createStatement()) {
      statement.execute("CREATE ROLE " + USER + " LOGIN");
      superuser
          .unwrap(PGConnection.class)
          .alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
      statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
    } catch (SQLException e) {
      closeQuietly(server);
      throw new IllegalStateException(
          "embedded PostgreSQL on port "
              + server.getPort()
              + ": could not create role and database",
          e);
    }
    LOG.info(
        "embedded PostgreSQL started on {}:{} (tls={}, user {})",
        HOST,
        server.getPort(),
        tls,
        USER);
    return new Launched(server, server.getPort(), password, tlsFiles);
  }

  private static EmbeddedPostgres start(ThrowawayCertificates.TlsFiles tlsFiles) {
    List<Exception> failures = new ArrayList<>();
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return builder(tlsFiles).start();
      } catch (IOException | RuntimeException e) {
        LOG.warn("embedded PostgreSQL start attempt {} of {} failed", attempt, START_ATTEMPTS, e);
        failures.add(e);
      }
    }
    IllegalStateException error =
        new IllegalStateException(
            "embedded PostgreSQL did not start in "
                + START_ATTEMPTS
                + " attempts of up to "
                + STARTUP_WAIT.toSeconds()
                + "s each (tls="
                + (tlsFiles != null)
                + "); see the causes and the PostgreSQL output logged by io.zonky",
            failures.get(failures.size() - 1));
    failures.subList(0, failures.size() - 1).forEach(error::addSuppressed);
    throw error;
  }

  private static EmbeddedPostgres.Builder builder(ThrowawayCertificates.TlsFiles tlsFiles) {
    boolean tls = tlsFiles != null;
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setPGStartupWait(STARTUP_WAIT)
            .setLocaleConfig("locale", "C")
            .setServerConfig("listen_addresses", HOST)
            .setServerConfig("password_encryption", "scram-sha-256")
            // A test server holds no data worth a sync; creating databases gets much cheaper.
            .setServerConfig("fsync", "off")
            .setServerConfig("full_page_writes", "off")
            .setDataDirectoryCustomizer(dataDirectory -> writeHba(dataDirectory.toPath(), tls));
    if (tls) {
      builder
          .setServerConfig("ssl", "on")
          .setServerConfig("ssl_cert_file", tlsFiles.serverCertificate().toString())
          .setServerConfig("ssl_key_file", tlsFiles.serverKey().toString())
          // Zonky's own readiness check and setup connection log in as superuser over TCP.
          .setConnectConfig("sslmode", "require");
    }
    return builder;
  }

  private static void writeHba(Path dataDirectory, boolean tls) {
    try {
      Files.writeString(
          dataDirectory.resolve("pg_hba.conf"), PgHba.content(tls), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write pg_hba.conf in " + dataDirectory, e);
    }
  }

  private static ThrowawayCertificates.TlsFiles writeCertificates() {
    try {
      Path directory = Files.createTempDirectory("detour-pg-tls-");
      Runtime.getRuntime()
          .addShutdownHook(
              new NamedThreadFactory("detour-testkit-pg-cleanup")
                  .newThread(() -> deleteQuietly(directory)));
      String text = directory.toAbsolutePath().toString();
      // Zonky passes settings to pg_ctl as one shell-split string; keep the paths unquoted-safe.
      if (!text.matches("[A-Za-z0-9_./-]+")) {
        throw new IllegalStateException(
            "java.io.tmpdir: "
                + text
                + " (expected: a path without spaces, quotes or other shell characters, for"
                + " PostgreSQL's ssl_cert_file)");
      }
      return ThrowawayCertificates.write(
          directory,
          ThrowawayCertificates.DEFAULT_DNS_NAMES,
          List.of(ThrowawayCertificates.DEFAULT_IP));
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a directory for TLS certificates", e);
    }
  }

  private static String newPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void closeQuietly(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not stop embedded PostgreSQL on port {}", server.getPort(), e);
    }
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(PostgresLauncher::deleteFile);
    } catch (IOException | UncheckedIOException e) {
      // Shutting down: a leftover temporary directory is harmless.
    }
  }

  private static void deleteFile(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
