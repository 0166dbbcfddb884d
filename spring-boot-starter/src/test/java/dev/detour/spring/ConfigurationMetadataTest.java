package dev.detour.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.core.Durations;
import dev.detour.resolver.HostResolverBuilder;
import dev.detour.router.RouterConfig;
import dev.detour.spring.internal.EnvironmentKeys;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

/**
 * The generated {@code spring-configuration-metadata.json} lists every key of the modules, each
 * with a description, and every default it shows is the module's real default.
 */
class ConfigurationMetadataTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> properties() throws Exception {
    try (InputStream in =
        ConfigurationMetadataTest.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata on the classpath").isNotNull();
      Map<String, Object> root =
          JsonParserFactory.getJsonParser()
              .parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      Map<String, Map<String, Object>> byName = new TreeMap<>();
      for (Object p : (List<Object>) root.get("properties")) {
        Map<String, Object> property = (Map<String, Object>) p;
        byName.put((String) property.get("name"), property);
      }
      return byName;
    }
  }

  @Test
  void everyRouterAndResolverKeyIsListedWithADescription() throws Exception {
    Map<String, Map<String, Object>> props = properties();
    for (String name : RouterConfig.KEYS) {
      String key = EnvironmentKeys.dashed(RouterConfig.PREFIX + name);
      assertThat(props).containsKey(key);
      assertThat((String) props.get(key).get("description")).as(key).isNotBlank();
    }
    for (String name : HostResolverBuilder.PROPERTY_NAMES) {
      String key = EnvironmentKeys.dashed(HostResolverBuilder.PREFIX + name);
      assertThat(props).containsKey(key);
      assertThat((String) props.get(key).get("description")).as(key).isNotBlank();
    }
  }

  @Test
  void everyRouterDefaultShownIsTheRoutersDefault() throws Exception {
    for (String name : RouterConfig.KEYS) {
      Map<String, Object> p = properties().get(EnvironmentKeys.dashed(RouterConfig.PREFIX + name));
      assertThat(p.containsKey("defaultValue")).as(name + " has a default").isTrue();
      RouterConfig parsed =
          RouterConfig.fromProperties(
              Map.of(RouterConfig.PREFIX + name, String.valueOf(p.get("defaultValue"))));
      assertThat(parsed).as(name).isEqualTo(RouterConfig.defaults());
    }
  }

  @Test
  void everyResolverDurationAndNumberDefaultShownIsTheResolversConstant() throws Exception {
    int checked = 0;
    for (String name : HostResolverBuilder.PROPERTY_NAMES) {
      Map<String, Object> p =
          properties().get(EnvironmentKeys.dashed(HostResolverBuilder.PREFIX + name));
      if (!p.containsKey("defaultValue")) {
        continue;
      }
      String shown = String.valueOf(p.get("defaultValue"));
      Field constant = constantFor(name);
      if (constant == null) {
        continue;
      }
      Object actual = constant.get(null);
      if (actual instanceof Duration d) {
        assertThat(Durations.parse(shown)).as(name).isEqualTo(d);
      } else if (actual instanceof Double d) {
        assertThat(Double.parseDouble(shown)).as(name).isEqualTo(d);
      } else if (actual instanceof Integer i) {
        assertThat(Integer.parseInt(shown)).as(name).isEqualTo(i);
      } else {
        assertThat(shown).as(name).isEqualTo(actual.toString());
      }
      checked++;
    }
    assertThat(checked).as("defaults with a DEFAULT_ constant").isGreaterThanOrEqualTo(10);
  }

  private static Field constantFor(String name) {
    String constant = "DEFAULT_" + EnvironmentKeys.dashed(name).replace('-', '_').toUpperCase();
    try {
      return HostResolverBuilder.class.getField(constant);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }
}
