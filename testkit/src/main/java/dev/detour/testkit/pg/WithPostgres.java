package dev.detour.testkit.pg;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that uses the JVM's embedded PostgreSQL through {@link PostgresExtension}.
 *
 * <p>Named {@code WithPostgres}, not {@code EmbeddedPostgres}, so that it never clashes with
 * zonky's {@code io.zonky.test.db.postgres.embedded.EmbeddedPostgres} in imports.
 *
 * <p>Constructors, lifecycle methods and test methods of the class may then declare parameters of
 * type {@link TestPostgres} (the server) and {@link PostgresDatabase} (the class's database).
 * Inherited by subclasses. A {@code @Nested} class uses its enclosing class's server and database
 * unless it carries its own {@code @WithPostgres}.
 *
 * <pre>{@code
 * @WithPostgres(tls = true, freshDatabase = true)
 * class ListenerIT {
 *   @Test
 *   void receivesNotifications(PostgresDatabase db) throws SQLException {
 *     try (Connection c = db.connect()) { ... }
 *   }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PostgresExtension.class)
public @interface WithPostgres {

  /**
   * Whether to use the TLS server ({@link TestPostgres#sharedTls()}) instead of the plain one.
   * Default: {@code false}.
   *
   * @return whether to use the TLS server ({@link TestPostgres#sharedTls()}) instead of the plain
   *     one
   */
  boolean tls() default false;

  /**
   * Whether the class gets a database of its own, created before its tests and dropped after them,
   * named after the class. Default: {@code false}, the shared database {@code detour}.
   *
   * @return whether the class gets a database of its own, created before its tests and dropped
   *     after them, named after the class
   */
  boolean freshDatabase() default false;
}
