package dev.detour.testkit.pg;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link WithPostgres}: it binds each test class to a {@link
 * TestPostgres} server and a {@link PostgresDatabase}, and injects them as parameters.
 *
 * <p>For each test class:
 *
 * <ol>
 *   <li>If the class (or a superclass) carries {@link WithPostgres}, it chooses the server ({@code
 *       tls}) and, with {@code freshDatabase}, a new database named after the class, created before
 *       the class's first test (or first injection) and dropped after its last test.
 *   <li>Otherwise a {@code @Nested} class uses its enclosing class's binding, and a class that
 *       registers the extension with {@code @ExtendWith} alone gets the plain server and its shared
 *       database {@code detour}.
 * </ol>
 *
 * <p>Resolves parameters of type {@link TestPostgres} and {@link PostgresDatabase} in constructors,
 * lifecycle methods and test methods. Stateless itself (state lives in JUnit's extension store), so
 * JUnit may share or recreate it; safe under parallel test execution.
 */
public final class PostgresExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresExtension.class);

  /** Creates the extension; JUnit calls this. */
  public PostgresExtension() {}

  /** The server and database of one test class, and whether the class created the database. */
  private record Binding(PostgresDatabase database, boolean fresh, Class<?> owner) {}

  @Override
  public void beforeAll(ExtensionContext context) {
    bindingFor(context); // start the server and create the database before any test runs
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    Binding binding = context.getStore(NAMESPACE).get(testClass, Binding.class);
    if (binding != null && binding.fresh() && binding.owner() == testClass) {
      binding.database().server().dropDatabase(binding.database().name());
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestPostgres.class || type == PostgresDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Binding binding;
    try {
      binding = bindingFor(context);
    } catch (RuntimeException e) {
      throw new ParameterResolutionException(
          "could not provide embedded PostgreSQL for " + parameter.getParameter(), e);
    }
    Class<?> type = parameter.getParameter().getType();
    return type == TestPostgres.class ? binding.database().server() : binding.database();
  }

  private Binding bindingFor(ExtensionContext context) {
    ExtensionContext classContext = classContextOf(context);
    Class<?> testClass = classContext.getRequiredTestClass();
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(testClass, key -> newBinding(classContext), Binding.class);
  }

  private Binding newBinding(ExtensionContext classContext) {
    Class<?> testClass = classContext.getRequiredTestClass();
    Optional<WithPostgres> annotation =
        AnnotationSupport.findAnnotation(testClass, WithPostgres.class);
    if (annotation.isEmpty()) {
      Optional<ExtensionContext> enclosing =
          classContext.getParent().filter(parent -> parent.getTestClass().isPresent());
      if (enclosing.isPresent()) {
        return bindingFor(enclosing.get());
      }
      TestPostgres server = TestPostgres.shared();
      return new Binding(PostgresDatabase.of(server, server.database()), false, testClass);
    }
    TestPostgres server = annotation.get().tls() ? TestPostgres.sharedTls() : TestPostgres.shared();
    if (!annotation.get().freshDatabase()) {
      return new Binding(PostgresDatabase.of(server, server.database()), false, testClass);
    }
    String name = server.createDatabase(testClass.getName());
    return new Binding(PostgresDatabase.of(server, name), true, testClass);
  }

  /**
   * Returns the context of the test class itself: the context, or the nearest class-level parent.
   */
  private static ExtensionContext classContextOf(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    if (current.getTestClass().isEmpty()) {
      throw new IllegalStateException(
          "PostgresExtension needs a test class; got context " + context.getUniqueId());
    }
    return current;
  }
}
