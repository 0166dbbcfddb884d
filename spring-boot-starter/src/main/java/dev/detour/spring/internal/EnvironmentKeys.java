package dev.detour.spring.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Lists the properties of a Spring {@link Environment} under one prefix, the way Spring's relaxed
 * binding sees them: {@code detour.router.connect-budget}, {@code detour.router.connectBudget} and
 * {@code DETOUR_ROUTER_CONNECTBUDGET} are one property, and the first property source that has it
 * wins. Stateless.
 */
public final class EnvironmentKeys {

  private EnvironmentKeys() {}

  /** One property: its name as a property source spelled it, its uniform name, and its value. */
  public record Entry(String written, String uniform, String value) {}

  /**
   * Returns every property under {@code prefix} (for example {@code detour}), in property-source
   * order, one entry per uniform name. Placeholders in values are resolved.
   */
  public static List<Entry> under(Environment environment, String prefix) {
    Objects.requireNonNull(environment, "environment");
    ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
    Map<String, Entry> byUniform = new LinkedHashMap<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)) {
        continue;
      }
      iterable.stream()
          .filter(root::isAncestorOf)
          .forEach(
              name -> {
                String uniform = uniform(name);
                if (byUniform.containsKey(uniform)) {
                  return;
                }
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property == null || property.getValue() == null) {
                  return;
                }
                String value = environment.resolvePlaceholders(property.getValue().toString());
                byUniform.put(uniform, new Entry(name.toString(), uniform, value));
              });
    }
    return new ArrayList<>(byUniform.values());
  }

  /**
   * Returns the name in Spring's uniform form: elements in lower case, without dashes or
   * underscores, joined by dots; list indexes keep their brackets.
   */
  public static String uniform(ConfigurationPropertyName name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.getNumberOfElements(); i++) {
      if (i > 0) {
        sb.append('.');
      }
      sb.append(name.getElement(i, Form.UNIFORM));
    }
    return sb.toString();
  }

  /** Returns the uniform form of a dotted, camel-case or dashed key such as Detour's own keys. */
  public static String uniform(String key) {
    return uniform(ConfigurationPropertyName.adapt(key, '.'));
  }

  /**
   * Returns a camel-case key in Spring's canonical dashed form: {@code connectBudget} becomes
   * {@code connect-budget}.
   */
  public static String dashed(String key) {
    return key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
