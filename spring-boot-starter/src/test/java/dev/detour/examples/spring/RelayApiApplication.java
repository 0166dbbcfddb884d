package dev.detour.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.PropertySource;

/**
 * The relay-api sample service as a Spring Boot application on the Detour starter: its {@code
 * DataSource} is a {@code DetourDataSource} because {@code spring.datasource.url} starts with
 * {@code jdbc:detour:}, its job worker is a pair of {@code @DetourListen}/{@code @DetourResync}
 * methods, and Actuator shows {@code /actuator/health} (with the {@code detour} contributor) and
 * {@code /actuator/detour}. Nothing in it is Detour-specific code besides those two annotations.
 *
 * <p>Run it on the embedded fleet with {@link RelayApiDemo}; point it at a real database by setting
 * {@code spring.datasource.url}, {@code username} and {@code password}.
 */
@SpringBootApplication
@PropertySource("classpath:relay-api/relay-api.properties")
public class RelayApiApplication {

  /**
   * Starts the service with the settings of the environment and {@code relay-api.properties}.
   *
   * @param args Spring Boot arguments, such as {@code --spring.datasource.url=...}
   */
  public static void main(String[] args) {
    SpringApplication.run(RelayApiApplication.class, args);
  }
}
