package dev.detour.bench.peers;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real libpq, through the {@code psql} client on this machine: one process per attempt, {@code
 * SELECT 1}, with {@code connect_timeout=2}. libpq cannot ask the lab's DNS server (it is on a
 * custom port), so the addresses go in the connection string as a host list in the current DNS
 * order, which libpq tries exactly as it tries the addresses of one name: in turn, each with its
 * own {@code connect_timeout}, covering TCP and the startup. The time is the process's wall time,
 * so it includes starting {@code psql} (a few ms; see the healthy row).
 */
public final class PsqlPeer implements ConnectPeer {

  private final Path psql;
  private final String name;

  private PsqlPeer(Path psql, String version) {
    this.psql = psql;
    this.name = version + " (libpq), connect_timeout=2";
  }

  /** The {@code psql} on the {@code PATH}, if there is one. */
  public static Optional<PsqlPeer> find() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "psql");
      if (Files.isExecutable(candidate)) {
        return Optional.of(new PsqlPeer(candidate, version(candidate)));
      }
    }
    return Optional.empty();
  }

  private static String version(Path psql) {
    try {
      Process p =
          new ProcessBuilder(psql.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      // "psql (PostgreSQL) 15.18 (Debian ...)" -> "psql 15.18"
      String[] words = out.split(" ");
      return words.length >= 3 ? "psql " + words[2] : "psql";
    } catch (IOException e) {
      return "psql";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "psql";
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Attempt attempt(LabTarget target, Duration deadline) {
    String conninfo =
        "host="
            + String.join(",", target.dnsOrder())
            + " port="
            + target.port()
            + " dbname="
            + target.database()
            + " user="
            + target.user()
            + " connect_timeout=2 sslmode=disable";
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(psql.toString(), "-X", "-A", "-t", "-w", "-c", "SELECT 1", conninfo));
    pb.environment().put("PGPASSWORD", target.password());
    pb.redirectErrorStream(true);
    long start = System.nanoTime();
    Process p = null;
    try {
      p = pb.start();
      boolean done = p.waitFor(deadline.toNanos(), TimeUnit.NANOSECONDS);
      long took = System.nanoTime() - start;
      if (!done) {
        return Attempt.hung(deadline.toNanos());
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.exitValue() == 0 && out.equals("1")
          ? Attempt.ok(took)
          : Attempt.failed(took, "exit " + p.exitValue() + ": " + out.replace('\n', ' '));
    } catch (IOException e) {
      return Attempt.failed(System.nanoTime() - start, JdbcPeer.oneLine(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Attempt.failed(System.nanoTime() - start, "interrupted");
    } finally {
      if (p != null) {
        p.destroyForcibly();
      }
    }
  }

  @Override
  public void close() {}
}
